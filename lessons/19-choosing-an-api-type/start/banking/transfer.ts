// Books a transfer. It trusts its input: checking who may call and what they send is the API's job.
// Works with both event formats (REST payload 1.0 and HTTP API 2.0): both have `body`.
export const handler = async (event: { body?: string | null }) => {
  const transfer = JSON.parse(event.body ?? '{}') as { toIban?: string; amount?: number };
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'booked', toIban: transfer.toIban, amount: transfer.amount }),
  };
};
