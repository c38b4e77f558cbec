import { describe, expect, it } from 'vitest';
import { definitionFromTemplate } from './read';
import { exportToAws } from './index';
import { pascal } from './template';

const chat = {
  protocolType: 'WEBSOCKET',
  name: 'tiny-chat',
  routeSelectionExpression: '$request.body.action',
  stage: { name: 'live', variables: { mode: 'test' } },
  routes: {
    $connect: { integration: { type: 'AWS_PROXY', function: 'on-connect' }, authorizer: 'gate' },
    echo: {
      integration: { type: 'AWS_PROXY', function: 'echo', timeoutInMillis: 5000 },
      routeResponseSelectionExpression: '$default',
    },
  },
  authorizers: { gate: { type: 'REQUEST', function: 'echo', identitySource: ['route.request.querystring.token'] } },
  functions: {
    'on-connect': { handler: 'connect.handler', environment: { TABLE: 'people', MODE: 'strict' } },
    echo: { handler: 'lib/echo.handler', timeout: 10, memorySize: 256 },
  },
  tables: { people: { partitionKey: 'roomId', sortKey: 'connectionId' } },
};
const files = {
  'connect.ts': 'export const handler = async () => ({ statusCode: 200 });\n',
  'lib/echo.ts': 'export const handler = async (e: { body?: string }) => ({ statusCode: 200, body: e.body });\n',
};

describe('definitionFromTemplate', () => {
  it('reads an exported template back into the definition it came from, with its defaults', () => {
    const template = exportToAws(chat, files).files['template.yaml'];
    expect(definitionFromTemplate(template)).toEqual({
      ...chat,
      routes: {
        $connect: {
          integration: { type: 'AWS_PROXY', function: 'on-connect', timeoutInMillis: 29000 },
          authorizer: 'gate',
        },
        echo: chat.routes.echo,
      },
      functions: {
        'on-connect': {
          handler: 'connect.handler',
          timeout: 3,
          memorySize: 128,
          environment: { TABLE: 'people', MODE: 'strict' },
        },
        echo: { handler: 'lib/echo.handler', timeout: 10, memorySize: 256, environment: {} },
      },
    });
  });

  it('names the resource when a URI invokes something that is not a function of the template', () => {
    const template = exportToAws(chat, files).files['template.yaml'].replace('${EchoFunction.Arn}', '${Elsewhere.Arn}');
    expect(() => definitionFromTemplate(template, 'x/template.yaml')).toThrow(
      /^x\/template\.yaml: GateAuthorizer\.AuthorizerUri: Elsewhere is not an AWS::Serverless::Function of this template$/,
    );
  });

  it('refuses an environment value it cannot run locally, naming the variable', () => {
    const template = exportToAws(chat, files).files['template.yaml'].replace('MODE: strict', 'MODE: !Ref AWS::Region');
    expect(() => definitionFromTemplate(template)).toThrow(
      /OnConnectFunction\.Environment\.Variables\.MODE: only text or !Ref of a table/,
    );
  });

  it('refuses a template without exactly one API', () => {
    expect(() => definitionFromTemplate('Resources:\n  T:\n    Type: AWS::SNS::Topic\n')).toThrow(
      /needs exactly one API/,
    );
  });
});

describe('logical ids', () => {
  it('are ASCII letters and digits, starting with a letter', () => {
    expect(pascal('get-order')).toBe('GetOrder');
    expect(pascal('ANY /{proxy+}')).toBe('ANYProxyPlus');
    expect(pascal('2fa')).toBe('X2fa');
  });
});
