// GET /products/{id}: a non-proxy (AWS) Lambda integration. The request mapping template
// builds this function's input; its return value is the response body, and a thrown error
// is matched against the integration responses' selection patterns ("No product.*" → 404).
import { findProduct } from './lib/catalog';

interface LookupInput {
  productId: string;
  currency: string;
}

export const handler = async (input: LookupInput) => {
  const product = findProduct(input.productId);
  if (!product) throw new Error(`No product ${input.productId}`);
  return { ...product, currency: input.currency };
};
