// A small product catalog kept in code (products change rarely; orders live in the table).
export interface Product {
  productId: string;
  name: string;
  price: number;
}

export const PRODUCTS: Product[] = [
  { productId: 'p-1', name: 'Trail running shoes', price: 89.9 },
  { productId: 'p-2', name: 'Rain jacket', price: 129 },
  { productId: 'p-3', name: 'Insulated bottle', price: 24.5 },
];

export function findProduct(productId: string): Product | undefined {
  return PRODUCTS.find((p) => p.productId === productId);
}
