/**
 * The README.md of an exported project: what is in the folder, how to deploy it with the SAM
 * CLI, how to call it, how to remove it, and what the export could not map exactly.
 */
import type { ApiDefinition } from '../gateway';
import { CODE_DIR, RUNTIME } from './template';

/** `region`: the one the learner's definition names, if it names one. */
export function exportReadme(
  definition: ApiDefinition,
  outputs: readonly string[],
  notes: readonly string[],
  region?: string,
): string {
  const ws = definition.protocolType === 'WEBSOCKET';
  const stack = definition.name.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^[^A-Za-z]+/, '') || 'playground-api';
  const lines = [
    `# ${definition.name} (${definition.protocolType} API) for AWS`,
    '',
    'Exported from API Gateway Playground as an [AWS SAM](https://docs.aws.amazon.com/serverless-application-model/) project:',
    '',
    `- \`template.yaml\`: the API, its routes${ws ? ' (and route selection expression)' : ''}, authorizers, Lambda functions (${RUNTIME}) with their environment, timeout and memory, DynamoDB tables, and the IAM permissions the functions need.`,
    `- \`${CODE_DIR}/\`: the handlers, compiled from TypeScript to JavaScript (CommonJS). Their \`@aws-sdk/*\` imports are unchanged: Lambda's Node.js runtime ships the AWS SDK for JavaScript v3.`,
    '',
    '## Deploy',
    '',
    '1. Install the [AWS SAM CLI](https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html) and configure credentials (`aws configure` or `aws sso login`).',
    '2. In this folder run:',
    '',
    '   ```sh',
    '   sam validate --lint',
    `   sam deploy --guided${region ? ` --region ${region}` : ''}`,
    '   ```',
    '',
    `   Answer the prompts: a stack name (e.g. \`${stack}\`), the region, "Y" to allow SAM to create IAM roles, and "Y" to save the answers in \`samconfig.toml\` so later deploys are just \`sam deploy\`.`,
    `3. The stack's outputs (${outputs.map((o) => `\`${o}\``).join(', ')}) print the URL${outputs.length > 1 ? 's' : ''} to call.`,
    '',
    '## Try it',
    '',
    ws
      ? "```sh\nwscat -c <WebSocketUrl>\n```\n\nThe playground's real-mode toggle accepts the same URL."
      : "```sh\ncurl -i <ApiUrl>/<path>\n```\n\nThe playground's real-mode toggle accepts the same URL.",
    '',
    '## Remove it',
    '',
    '```sh',
    'sam delete',
    '```',
    '',
    'Tables are deleted with the stack, and their items with them.',
    '',
    '## What differs from the playground',
    '',
    "The handlers read table names from their environment: where a variable's value named a table in the playground, the template passes the real table's name (`!Ref`).",
    '',
    ...(notes.length > 0
      ? notes.map((n) => `- ${n}`)
      : ['Nothing else: every part of the definition maps to the template.']),
    '',
    "Where the playground's simulation itself differs from API Gateway, the playground says so (its \"Known differences\"); those differences are the playground's, not the template's.",
    '',
  ];
  return lines.join('\n');
}
