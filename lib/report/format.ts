/** Number and date formats the report shows (en-GB; figures rounded only for display). */
export const mean2 = (m: number) => m.toFixed(2);
export const percent = (share: number) => `${Math.round(share * 100)}%`;
export const signed = (delta: number, digits = 2) =>
  `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${Math.abs(delta).toFixed(digits)}`;
export const count = (n: number) => n.toLocaleString('en-GB');

export const formatDate = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(iso),
  );
