// An old price service behind a NON-proxy (AWS) integration: it does not know HTTP at all.
// It expects exactly {"sku": "p-7", "currency": "EUR"} and returns a plain object.
interface PriceQuery {
  sku?: string;
  currency?: string;
}

const PRICES: Record<string, number> = { 'p-7': 12.5, 'p-8': 4.2 };

export const lookup = async (query: PriceQuery) => {
  if (!query.sku) throw new Error('No sku given');
  const currency = query.currency ?? 'USD';
  return { sku: query.sku, amount: PRICES[query.sku] ?? 0, currency };
};
