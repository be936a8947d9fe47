#!/bin/sh
# Draws build/icon.png (512x512): a receipt with a barcode on a rounded red tile. Shapes only, no fonts, so it
# renders the same on any build machine. electron-builder derives the Windows .ico and Linux sizes from it.
set -e
cd "$(dirname "$0")"
convert -size 512x512 xc:none \
  -fill '#c8102e' -draw 'roundrectangle 16,16 496,496 96,96' \
  -fill '#ffffff' -draw 'polygon 136,88 376,88 376,400 352,424 328,400 304,424 280,400 256,424 232,400 208,424 184,400 160,424 136,400' \
  -fill '#c8102e' -draw 'rectangle 168,128 344,144' -draw 'rectangle 168,168 296,180' -draw 'rectangle 168,196 320,208' \
  -fill '#1a1a1a' \
  -draw 'rectangle 168,256 176,352' -draw 'rectangle 184,256 188,352' -draw 'rectangle 196,256 208,352' \
  -draw 'rectangle 216,256 220,352' -draw 'rectangle 228,256 236,352' -draw 'rectangle 244,256 256,352' \
  -draw 'rectangle 264,256 268,352' -draw 'rectangle 276,256 288,352' -draw 'rectangle 296,256 300,352' \
  -draw 'rectangle 308,256 320,352' -draw 'rectangle 328,256 332,352' -draw 'rectangle 340,256 344,352' \
  -strip PNG32:icon.png
