/**
 * The text of a new handler file and the rules for file names: plain functions of the workspace
 * (./workspace.svelte), kept apart so the reactive class stays within reach.
 */
import type { ApiType } from '../gateway';

/** The starting text of a new handler file, typed with the event of the API type. */
export function newHandlerText(path: string, type: ApiType): string {
  const name = path.replace(/\.(ts|js)$/, '');
  if (!path.endsWith('.ts')) {
    const key =
      type === 'REST' ? 'event.resource' : type === 'HTTP' ? 'event.routeKey' : 'event.requestContext.routeKey';
    return `export const handler = async (event) => {\n  console.log('${name}', ${key});\n  return { statusCode: 200, body: 'ok' };\n};\n`;
  }
  switch (type) {
    case 'HTTP':
      return (
        `import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';\n\n` +
        `export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {\n` +
        `  console.log('${name}', event.routeKey);\n  return { statusCode: 200, body: JSON.stringify({ ok: true }) };\n};\n`
      );
    case 'REST':
      return (
        `import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';\n\n` +
        `export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {\n` +
        `  console.log('${name}', event.httpMethod, event.resource);\n  return { statusCode: 200, body: JSON.stringify({ ok: true }) };\n};\n`
      );
    default:
      return (
        `import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';\n\n` +
        `export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {\n` +
        `  console.log('${name}', event.requestContext.routeKey);\n  return { statusCode: 200 };\n};\n`
      );
  }
}

/** Handler files are flat `name.ts`/`name.js` files or paths like `lib/db.ts`. */
export function checkFileName(path: string, existing: string[]): string | null {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*\.(ts|js)$/.test(path)) {
    return 'File names end in .ts or .js and use letters, digits, -, _ and / (e.g. lib/db.ts).';
  }
  if (existing.includes(path)) return `A file "${path}" already exists.`;
  const stem = path.replace(/\.(ts|js)$/, '');
  if (existing.some((f) => f.replace(/\.(ts|js)$/, '') === stem))
    return `"${stem}" already exists with another extension.`;
  return null;
}
