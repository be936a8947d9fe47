import { createSelector } from '@reduxjs/toolkit';
import { cartTotals } from '../../../domain/cart';
import type { RootState } from '../../app/store';

export const selectCart = (s: RootState) => s.cart.cart;
export const selectLines = (s: RootState) => s.cart.cart.lines;
export const selectSelectedLineId = (s: RootState) => s.cart.selectedLineId;
export const selectSelectedLine = createSelector([selectLines, selectSelectedLineId], (lines, id) =>
  id ? (lines.find((l) => l.lineId === id) ?? null) : null,
);
export const selectTotals = createSelector([selectCart], (cart) => cartTotals(cart));
