// Line icons for the handheld's tabs and scan button: inline SVG, so they draw the same with no icon font or emoji.
export type IconName = 'member' | 'price' | 'pickup' | 'order' | 'scan';

const PATHS: Record<IconName, string> = {
  member: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8c0-3.3 3.1-6 7-6s7 2.7 7 6',
  price: 'M3 12V4h8l10 10-8 8L3 12zm5-4.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z',
  pickup: 'M4 8l8-4 8 4v9l-8 4-8-4V8zm0 0l8 4 8-4M12 12v9',
  order: 'M6 2h12v20H6zM10 18h4M9 6h6',
  scan: 'M3 8V4h4M17 4h4v4M21 16v4h-4M7 20H3v-4M7 8v8M10 8v8M13 8v8M17 8v8',
};

export function Icon({ name }: { name: IconName }) {
  return (
    <svg
      className={`pda-icon pda-icon-${name}`}
      viewBox="0 0 24 24"
      width="26"
      height="26"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
