// The catalogue: every product page and search result calls this, millions of times a month.
// Stateless: any request can be answered on its own.
export const handler = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ products: [{ id: 'p-1', name: 'Blue mug' }, { id: 'p-2', name: 'Headphones' }] }),
});
