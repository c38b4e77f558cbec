// GET /books and GET /books/{id}: Lambda proxy integrations, payload format 1.0.
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

const headers = { 'Content-Type': 'application/json' };

// GET /books?genre=crime&genre=poetry lists the books of every genre asked for.
export const list = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  // queryStringParameters keeps only the LAST value of a repeated key; the multi-value field
  // has them all. Both are null without a query string.
  const genres = event.multiValueQueryStringParameters?.genre ?? [];
  const books = genres.length ? BOOKS.filter((b) => genres.includes(b.genre)) : BOOKS;
  return { statusCode: 200, headers, body: JSON.stringify(books) };
};

// GET /books/b-1 returns one book.
export const get = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const id = event.pathParameters?.id ?? '';
  const book = BOOKS.find((b) => b.id === id);
  if (!book) return { statusCode: 404, headers, body: JSON.stringify({ message: `No book ${id}` }) };
  // A proxy response is an object with statusCode and a STRING body; anything else is a 502.
  return { statusCode: 200, headers, body: JSON.stringify(book) };
};
