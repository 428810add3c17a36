// The bench's table: one row per figure, and the median and number format every part uses.
export interface Row {
  figure: string;
  value: string;
  budget: string;
  pass: boolean;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const fmt = (n: number, digits = 1): string => n.toFixed(digits);
