// GET /books and GET /books/{id}, written with a lookup table and a small reply helper.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

// The shop's catalogue (a real shop would read a table).
interface Book {
  id: string;
  title: string;
  genre: string;
}

const BOOKS: Book[] = [
  { id: 'b-1', title: 'The Salt Road', genre: 'crime' },
  { id: 'b-2', title: 'Night Ferry', genre: 'crime' },
  { id: 'b-3', title: 'Small Hours', genre: 'poetry' },
  { id: 'b-4', title: 'Orchard Songs', genre: 'poetry' },
  { id: 'b-5', title: 'Tide Tables', genre: 'science' },
];

const byId = new Map(BOOKS.map((b) => [b.id, b]));

const reply = (statusCode: number, data: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(data),
});

export const list = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  // The query string as sent, repeated keys included: ?genre=crime&genre=poetry.
  const query = new URLSearchParams();
  for (const [key, values] of Object.entries(event.multiValueQueryStringParameters ?? {}))
    for (const value of values ?? []) query.append(key, value);
  const wanted = new Set(query.getAll('genre'));
  const match = (b: Book) => wanted.size === 0 || wanted.has(b.genre);
  return reply(200, BOOKS.filter(match));
};

export const get = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const id = event.pathParameters?.id ?? '';
  const book = byId.get(id);
  return book ? reply(200, book) : reply(404, { message: `No book ${id}` });
};
