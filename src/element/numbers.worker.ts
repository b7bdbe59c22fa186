// Makes a number format and says so. The first Intl.NumberFormat in a page costs 30 to 90 ms on the
// bench machine (Chromium loads its number data then, once per process); made here first, the
// page's own first one costs under 1 ms, and no task of the page's carries it (see numbers.ts).
new Intl.NumberFormat(self.name, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(1.5);
(self as unknown as { postMessage(data: unknown): void }).postMessage(0);
