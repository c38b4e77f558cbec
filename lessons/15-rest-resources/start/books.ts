// GET /books and GET /books/{id}: Lambda proxy integrations, payload format 1.0.
import type { APIGatewayProxyEvent } from 'aws-lambda';

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
export const list = async (event: APIGatewayProxyEvent) => {
  // Without a query string, queryStringParameters is null (not {}), hence the ?.
  const genre = event.queryStringParameters?.genre;
  const books = genre ? BOOKS.filter((b) => b.genre === genre) : BOOKS;
  return { statusCode: 200, headers, body: JSON.stringify(books) };
};

// GET /books/b-1 returns one book.
export const get = async (event: APIGatewayProxyEvent) => {
  const id = event.pathParameters?.id ?? '';
  const book = BOOKS.find((b) => b.id === id);
  if (!book) return { statusCode: 404, headers, body: JSON.stringify({ message: `No book ${id}` }) };
  return `${book.title} (${book.genre})`;
};
