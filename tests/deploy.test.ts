/**
 * Static hosting on AWS (README "Hosting"): deploy/site.yaml is cfn-lint clean, serves the
 * headers deploy/headers.ts lists (the same the Chromium test serves the site with), its
 * CloudFront Function maps folders to index.html, and `npm run deploy -- --dry-run` prints the
 * AWS CLI commands it would run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseDocument, type CollectionTag, type ScalarTag } from 'yaml';
import {
  CONTENT_SECURITY_POLICY,
  SANDBOX_BOOTSTRAP_SHA256,
  SECURITY_HEADERS,
  cacheControlFor,
} from '../deploy/headers.ts';
import { deployCommands } from '../scripts/deploy.ts';
import { SANDBOX_BOOTSTRAP } from '../src/runtime/sandbox/frame';

const TEMPLATE = 'deploy/site.yaml';

/** CloudFormation's short-form intrinsics (!Sub, !Ref, …) read as plain values. */
const cfnTags = [
  'Ref',
  'Sub',
  'GetAtt',
  'If',
  'Equals',
  'Join',
  'Select',
  'Split',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'Base64',
  'Cidr',
  'GetAZs',
  'ImportValue',
  'Condition',
].flatMap((name): (ScalarTag | CollectionTag)[] => [
  { tag: `!${name}`, resolve: (v: string) => ({ [name]: v }) } as ScalarTag,
  { tag: `!${name}`, collection: 'seq', resolve: (v: unknown) => ({ [name]: v }) } as unknown as CollectionTag,
]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const template = parseDocument(readFileSync(TEMPLATE, 'utf8'), { customTags: cfnTags }).toJS() as any;

function hasCfnLint(): boolean {
  return spawnSync('cfn-lint', ['--version']).status === 0;
}

describe('the static hosting template', () => {
  it.runIf(hasCfnLint() || process.env.CI)(
    'is cfn-lint clean',
    () => {
      if (!hasCfnLint()) throw new Error('cfn-lint is missing on CI: install it with `pip install cfn-lint`.');
      const out = spawnSync('cfn-lint', [TEMPLATE], { encoding: 'utf8' });
      expect(out.stdout + out.stderr).toBe('');
      expect(out.status).toBe(0);
    },
    120_000,
  );

  it.skipIf(hasCfnLint() || process.env.CI)('says how to get cfn-lint where it is missing', () => {
    console.warn('cfn-lint is not installed, so deploy/site.yaml was not linted: `pip install cfn-lint`.');
    expect(hasCfnLint()).toBe(false);
  });

  it('serves exactly the security headers the app is tested under', () => {
    const config =
      template.Resources.SecurityHeadersPolicy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(config.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: CONTENT_SECURITY_POLICY, Override: true });
    expect(SECURITY_HEADERS['strict-transport-security']).toBe(
      `max-age=${config.StrictTransportSecurity.AccessControlMaxAgeSec}; includeSubDomains`,
    );
    expect(config.StrictTransportSecurity.IncludeSubdomains).toBe(true);
    expect(SECURITY_HEADERS['x-frame-options']).toBe(config.FrameOptions.FrameOption);
    expect(SECURITY_HEADERS['referrer-policy']).toBe(config.ReferrerPolicy.ReferrerPolicy);
    expect(config.ContentTypeOptions.Override).toBe(true);
  });

  it('allows the Lambda sandbox’s inline bootstrap by its current hash', () => {
    const hash = createHash('sha256').update(SANDBOX_BOOTSTRAP).digest('base64');
    // When src/runtime/sandbox/frame.ts's bootstrap changes, put this hash in deploy/headers.ts and deploy/site.yaml.
    expect(SANDBOX_BOOTSTRAP_SHA256).toBe(hash);
    expect(CONTENT_SECURITY_POLICY).toContain(`'sha256-${hash}'`);
  });

  it('compresses, redirects to https, reads the bucket only through origin access control', () => {
    const dist = template.Resources.Distribution.Properties.DistributionConfig;
    expect(dist.DefaultCacheBehavior).toMatchObject({ Compress: true, ViewerProtocolPolicy: 'redirect-to-https' });
    expect(dist.Origins[0].OriginAccessControlId).toEqual({ GetAtt: 'OriginAccessControl.Id' });
    const bucket = template.Resources.SiteBucket.Properties.PublicAccessBlockConfiguration;
    expect(Object.values(bucket).every((v) => v === true)).toBe(true);
    const cache = template.Resources.CachePolicy.Properties.CachePolicyConfig;
    expect(cache).toMatchObject({ MinTTL: 0, MaxTTL: 31536000 });
  });

  describe('its CloudFront Function', () => {
    const code = template.Resources.FolderIndexFunction.Properties.FunctionCode as string;
    const run = (uri: string) =>
      runInNewContext(`${code}\nhandler({ request: { uri: ${JSON.stringify(uri)}, headers: {} } })`) as {
        uri?: string;
        statusCode?: number;
        headers?: { location: { value: string } };
      };

    it('serves a folder’s index.html at its slash, at the root and under a prefix', () => {
      expect(run('/').uri).toBe('/index.html');
      expect(run('/workshops/apigw/').uri).toBe('/workshops/apigw/index.html');
    });

    it('redirects a folder without its slash (the service worker’s scope needs it)', () => {
      expect(run('/workshops/apigw')).toMatchObject({
        statusCode: 301,
        headers: { location: { value: '/workshops/apigw/' } },
      });
    });

    it('leaves files alone', () => {
      expect(run('/workshops/apigw/assets/index-abc.js').uri).toBe('/workshops/apigw/assets/index-abc.js');
      expect(run('/mockServiceWorker.js').uri).toBe('/mockServiceWorker.js');
    });
  });
});

describe('npm run deploy', () => {
  const dist = mkdtempSync(join(tmpdir(), 'agp-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html>');
  writeFileSync(join(dist, 'mockServiceWorker.js'), '');

  it('prints, on a dry run, the uploads with their caching and content types and the invalidation', () => {
    const out = execFileSync(
      process.execPath,
      [
        'scripts/deploy.ts',
        '--bucket',
        'my-site',
        '--distribution',
        'E2EXAMPLE',
        '--prefix',
        '/workshops/apigw/',
        '--dist',
        dist,
        '--dry-run',
      ],
      { encoding: 'utf8' },
    );
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('Dry run: these commands would run.');
    expect(lines.slice(1)).toEqual([
      `aws s3 sync ${dist}/assets s3://my-site/workshops/apigw/assets --cache-control 'public, max-age=31536000, immutable'`,
      `aws s3 sync ${dist} s3://my-site/workshops/apigw --exclude 'assets/*' --delete --cache-control no-cache`,
      `aws s3 cp ${dist}/index.html s3://my-site/workshops/apigw/index.html --content-type 'text/html; charset=utf-8' --cache-control no-cache`,
      `aws s3 cp ${dist}/mockServiceWorker.js s3://my-site/workshops/apigw/mockServiceWorker.js --content-type 'text/javascript; charset=utf-8' --cache-control no-cache`,
      `aws cloudfront create-invalidation --distribution-id E2EXAMPLE --paths '/workshops/apigw/*'`,
    ]);
  });

  it('deploys at the bucket’s root without a prefix', () => {
    const commands = deployCommands({ bucket: 'b', distribution: 'E1', dist: 'dist' });
    expect(commands[1].slice(0, 4)).toEqual(['s3', 'sync', 'dist', 's3://b']);
    expect(commands.at(-1)).toEqual(['cloudfront', 'create-invalidation', '--distribution-id', 'E1', '--paths', '/*']);
    expect(cacheControlFor('favicon.svg')).toBe('no-cache');
  });

  it.each([
    [['--bucket', 'b-1'], /--bucket and --distribution are required/, 2],
    [['--bucket', 'Not_A_Bucket', '--distribution', 'E1'], /is not an S3 bucket name/, 2],
    [['--bucket', 'site', '--distribution', 'E1', '--prefix', 'a b'], /is not a folder name/, 2],
    [
      ['--bucket', 'site', '--distribution', 'E1', '--dist', join(dist, 'missing')],
      /holds no built site: run `npm run build` first/,
      1,
    ],
    [['--bucket', 'site', '--distribution', 'E1', '--colour'], /Unknown option '--colour'/, 2],
  ])('refuses %j with a clear message', (args, message, status) => {
    const out = spawnSync(process.execPath, ['scripts/deploy.ts', ...args], { encoding: 'utf8' });
    expect(out.stderr).toMatch(message);
    expect(out.status).toBe(status);
  });
});
