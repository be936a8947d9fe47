/** Staff see names masked (王小明 -> 王*, Alice -> A*). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return `${chars[0]}*`;
}
