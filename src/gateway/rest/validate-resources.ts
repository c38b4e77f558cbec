/**
 * The resource tree of a REST API definition, with its methods and integrations: what
 * validate-definition.ts checks for `resources` (apigateway CreateResource, PutMethod,
 * PutIntegration, PutIntegrationResponse).
 */
import { describe, isInt, isObj, key, listOrNone, q, type DefinitionReport } from '../core/definition-errors';
import { REST_MAX_INTEGRATION_TIMEOUT_MS, REST_METHODS, REST_MIN_INTEGRATION_TIMEOUT_MS } from './definition';
import { parseSegment, resourceSegments } from './resources';
import { compileSafeRegex } from './vtl/regex';

const METHOD_KEYS = [
  'authorizationType',
  'authorizer',
  'apiKeyRequired',
  'requestValidator',
  'requestParameters',
  'requestModels',
  'integration',
  'methodResponses',
];
const INTEGRATION_KEYS = [
  'type',
  'function',
  'timeoutInMillis',
  'requestTemplates',
  'passthroughBehavior',
  'contentHandling',
  'integrationResponses',
  'cacheKeyParameters',
];
const INTEGRATION_RESPONSE_KEYS = [
  'selectionPattern',
  'statusCode',
  'responseTemplates',
  'responseParameters',
  'contentHandling',
];
const CONTENT_HANDLING = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'];
/** Why a Java regex from the definition cannot be used: bad syntax, or a shape that backtracks catastrophically. */
export function regexError(source: string): string | undefined {
  const compiled = compileSafeRegex(source, 'java');
  return compiled.ok ? undefined : compiled.message;
}

/** `method.request.{querystring|header|path}.{name}` (apigateway Method.requestParameters). */
const REQUEST_PARAMETER =
  /^method\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.[^.\s]+$/;

/** What the resource checks need from the rest of the definition. */
export interface ResourceContext {
  report: DefinitionReport;
  /** Checks a function reference; `allowStageVar` accepts `${stageVariables.name}`. */
  fnRef: (v: unknown, path: string, allowStageVar: boolean) => void;
  stageVarNames: readonly string[];
  authorizerNames: readonly string[];
  validatorNames: readonly string[];
  modelNames: readonly string[];
}

/** Checks `resources`: paths, methods, their authorization, parameters, models and integrations. */
export function validateResources(resources: unknown, ctx: ResourceContext): void {
  const { err, unknownKeys } = ctx.report;
  const { authorizerNames, validatorNames, modelNames } = ctx;
  if (!isObj(resources))
    err('resources', `must be an object keyed by resource path ("/pets/{id}"), got ${describe(resources)}`);
  else {
    const paramAt = new Map<string, string>();
    const greedyAt = new Map<string, string>();
    for (const [rpath, res] of Object.entries(resources)) {
      const path = key('resources', rpath);
      checkResourcePath(rpath, path, err, paramAt, greedyAt);
      if (!isObj(res) || !isObj(res.methods)) {
        err(
          `${path}.methods`,
          `a resource is {"methods": {"GET": {...}}}, got ${describe(isObj(res) ? res.methods : res)}`,
        );
        continue;
      }
      unknownKeys(res, ['methods'], path);
      for (const [verb, m] of Object.entries(res.methods)) {
        const mpath = `${path}.methods.${verb}`;
        if (!REST_METHODS.includes(verb as never))
          err(mpath, `unknown method ${q(verb)} (allowed: ${REST_METHODS.join(', ')})`);
        if (!isObj(m)) {
          err(mpath, `must be an object with an integration, got ${describe(m)}`);
          continue;
        }
        unknownKeys(m, METHOD_KEYS, mpath);
        const authType = m.authorizationType ?? (m.authorizer !== undefined ? 'CUSTOM' : 'NONE');
        if (authType !== 'NONE' && authType !== 'CUSTOM')
          err(
            `${mpath}.authorizationType`,
            `must be "NONE" or "CUSTOM" (a Lambda authorizer), got ${describe(m.authorizationType)}`,
          );
        if (authType === 'CUSTOM') {
          if (typeof m.authorizer !== 'string' || !authorizerNames.includes(m.authorizer))
            err(
              `${mpath}.authorizer`,
              `authorizationType CUSTOM needs an authorizer (authorizers are: ${listOrNone(authorizerNames)})`,
            );
        } else if (m.authorizer !== undefined)
          err(`${mpath}.authorizer`, 'set authorizationType to "CUSTOM" to use an authorizer');
        if (m.apiKeyRequired !== undefined && typeof m.apiKeyRequired !== 'boolean')
          err(`${mpath}.apiKeyRequired`, `must be true or false, got ${describe(m.apiKeyRequired)}`);
        if (
          m.requestValidator !== undefined &&
          (typeof m.requestValidator !== 'string' || !validatorNames.includes(m.requestValidator))
        )
          err(
            `${mpath}.requestValidator`,
            `no request validator named ${describe(m.requestValidator)} (validators are: ${listOrNone(validatorNames)})`,
          );
        if (m.requestParameters !== undefined) {
          if (!isObj(m.requestParameters))
            err(
              `${mpath}.requestParameters`,
              `must be an object like {"method.request.querystring.q": true}, got ${describe(m.requestParameters)}`,
            );
          else
            for (const [p, req] of Object.entries(m.requestParameters)) {
              if (!REQUEST_PARAMETER.test(p))
                err(key(`${mpath}.requestParameters`, p), 'must be method.request.{querystring|header|path}.{name}');
              if (typeof req !== 'boolean')
                err(key(`${mpath}.requestParameters`, p), `must be true (required) or false, got ${describe(req)}`);
            }
        }
        if (m.requestModels !== undefined) {
          if (!isObj(m.requestModels))
            err(`${mpath}.requestModels`, `must map a content type to a model name, got ${describe(m.requestModels)}`);
          else
            for (const [ct, model] of Object.entries(m.requestModels))
              if (typeof model !== 'string' || !modelNames.includes(model))
                err(
                  key(`${mpath}.requestModels`, ct),
                  `no model named ${describe(model)} (models are: ${listOrNone(modelNames)})`,
                );
        }
        checkIntegration(m.integration, `${mpath}.integration`, ctx);
      }
    }
  }
}

function checkResourcePath(
  rpath: string,
  path: string,
  err: (path: string, message: string) => void,
  paramAt: Map<string, string>,
  greedyAt: Map<string, string>,
): void {
  if (!rpath.startsWith('/') || (rpath !== '/' && rpath.endsWith('/'))) {
    err(path, 'a resource path starts with "/" and has no trailing "/" (e.g. "/pets/{id}")');
    return;
  }
  const segs = resourceSegments(rpath);
  let parent = '';
  segs.forEach((seg, i) => {
    if (seg === '') return err(path, 'a resource path has no empty segments ("//")');
    const { kind, name } = parseSegment(seg);
    if (kind === 'static' && !/^[A-Za-z0-9._~:@!$&'()*,;=-]+$/.test(seg))
      err(
        path,
        `the path part ${q(seg)} has characters a resource path cannot hold (variables are written {name} or {name+})`,
      );
    if (kind !== 'static' && !/^[A-Za-z0-9._-]+$/.test(name))
      err(path, `the variable name ${q(name)} must be letters, digits, ".", "_" or "-"`);
    if (kind === 'greedy' && i !== segs.length - 1)
      err(
        path,
        `a greedy path variable {${name}+} must be the last part: resources cannot be created under it (apigateway CreateResource)`,
      );
    // AWS keeps one variable name per level: "A sibling ({id}) of this resource already has a variable path part".
    const at = kind === 'param' ? paramAt : kind === 'greedy' ? greedyAt : undefined;
    if (at) {
      const other = at.get(parent);
      if (other !== undefined && other !== name)
        err(
          path,
          `${parent || '/'} already has the variable {${other}${kind === 'greedy' ? '+' : ''}} at this level; siblings cannot use a different variable name`,
        );
      else at.set(parent, name);
    }
    parent += '/' + seg;
  });
}

function checkIntegration(integ: unknown, path: string, ctx: ResourceContext): void {
  const { err, unknownKeys } = ctx.report;
  const { fnRef, stageVarNames } = ctx;
  if (!isObj(integ))
    return err(
      path,
      `every method needs an integration ({"type": "AWS_PROXY", "function": "…"}), got ${describe(integ)}`,
    );
  unknownKeys(integ, INTEGRATION_KEYS, path);
  if (integ.type !== 'AWS_PROXY' && integ.type !== 'AWS' && integ.type !== 'MOCK')
    return err(`${path}.type`, `must be "AWS_PROXY", "AWS" or "MOCK", got ${describe(integ.type)}`);
  if (integ.type === 'MOCK') {
    if (integ.function !== undefined) err(`${path}.function`, 'a MOCK integration calls no function');
  } else {
    fnRef(integ.function, `${path}.function`, true);
    if (typeof integ.function === 'string')
      for (const m of integ.function.matchAll(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g))
        if (!stageVarNames.includes(m[1])) err(`${path}.function`, `the stage has no variable ${q(m[1])}`);
  }
  if (
    integ.timeoutInMillis !== undefined &&
    (!isInt(integ.timeoutInMillis) ||
      integ.timeoutInMillis < REST_MIN_INTEGRATION_TIMEOUT_MS ||
      integ.timeoutInMillis > REST_MAX_INTEGRATION_TIMEOUT_MS)
  )
    err(
      `${path}.timeoutInMillis`,
      `must be 50–29000 ms (docs/aws-behaviour.md §4), got ${describe(integ.timeoutInMillis)}`,
    );
  if (integ.requestTemplates !== undefined) {
    if (integ.type === 'AWS_PROXY')
      err(
        `${path}.requestTemplates`,
        'a Lambda proxy integration passes the request as is: mapping templates need type "AWS" or "MOCK"',
      );
    else if (!isObj(integ.requestTemplates))
      err(`${path}.requestTemplates`, `must map a content type to a template, got ${describe(integ.requestTemplates)}`);
    else
      for (const [ct, t] of Object.entries(integ.requestTemplates))
        if (typeof t !== 'string')
          err(key(`${path}.requestTemplates`, ct), `must be a template string, got ${describe(t)}`);
  }
  if (
    integ.passthroughBehavior !== undefined &&
    !['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'].includes(integ.passthroughBehavior as string)
  )
    err(`${path}.passthroughBehavior`, 'must be "WHEN_NO_MATCH", "WHEN_NO_TEMPLATES" or "NEVER"');
  if (integ.contentHandling !== undefined && !CONTENT_HANDLING.includes(integ.contentHandling as string))
    err(`${path}.contentHandling`, 'must be "CONVERT_TO_BINARY" or "CONVERT_TO_TEXT"');
  if (integ.cacheKeyParameters !== undefined) {
    if (!Array.isArray(integ.cacheKeyParameters))
      err(
        `${path}.cacheKeyParameters`,
        `must be a list like ["method.request.querystring.q"], got ${describe(integ.cacheKeyParameters)}`,
      );
    else
      integ.cacheKeyParameters.forEach((p: unknown, i) => {
        if (typeof p !== 'string' || !REQUEST_PARAMETER.test(p))
          err(`${path}.cacheKeyParameters[${i}]`, 'must be method.request.{querystring|header|path}.{name}');
      });
  }
  if (integ.integrationResponses !== undefined) {
    if (integ.type === 'AWS_PROXY')
      err(
        `${path}.integrationResponses`,
        'a Lambda proxy integration returns the function\'s response as is: integration responses need type "AWS" or "MOCK"',
      );
    else if (!Array.isArray(integ.integrationResponses))
      err(`${path}.integrationResponses`, `must be a list, got ${describe(integ.integrationResponses)}`);
    else
      integ.integrationResponses.forEach((r: unknown, i) => {
        const rp = `${path}.integrationResponses[${i}]`;
        if (!isObj(r)) return err(rp, `must be an object, got ${describe(r)}`);
        unknownKeys(r, INTEGRATION_RESPONSE_KEYS, rp);
        if (typeof r.statusCode !== 'string' || !/^[1-5]\d\d$/.test(r.statusCode))
          err(`${rp}.statusCode`, `must be a status code as a string ("200"), got ${describe(r.statusCode)}`);
        if (r.contentHandling !== undefined && !CONTENT_HANDLING.includes(r.contentHandling as string))
          err(`${rp}.contentHandling`, 'must be "CONVERT_TO_BINARY" or "CONVERT_TO_TEXT"');
        if (r.selectionPattern !== undefined) {
          const re = typeof r.selectionPattern === 'string' ? regexError(r.selectionPattern) : 'must be a string';
          if (re) err(`${rp}.selectionPattern`, `must be a regular expression: ${re}`);
        }
        if (r.responseTemplates !== undefined && isObj(r.responseTemplates)) {
          for (const [ct, t] of Object.entries(r.responseTemplates))
            if (typeof t !== 'string')
              err(key(`${rp}.responseTemplates`, ct), `must be a template string, got ${describe(t)}`);
        } else if (r.responseTemplates !== undefined)
          err(`${rp}.responseTemplates`, `must map a content type to a template, got ${describe(r.responseTemplates)}`);
        if (r.responseParameters !== undefined) {
          if (!isObj(r.responseParameters))
            err(`${rp}.responseParameters`, `must be an object, got ${describe(r.responseParameters)}`);
          else
            for (const [k, v] of Object.entries(r.responseParameters)) {
              if (!/^method\.response\.header\.[^.\s]+$/.test(k))
                err(key(`${rp}.responseParameters`, k), 'must be method.response.header.{name}');
              if (typeof v !== 'string' || !/^('.*'|integration\.response\.(header\.[^.\s]+|body(\..+)?))$/.test(v))
                err(
                  key(`${rp}.responseParameters`, k),
                  "must be a 'quoted literal', integration.response.header.{name} or integration.response.body[.field]",
                );
            }
        }
      });
    const defaults = Array.isArray(integ.integrationResponses)
      ? integ.integrationResponses.filter(
          (r: unknown) => isObj(r) && (r.selectionPattern === undefined || r.selectionPattern === ''),
        )
      : [];
    if (defaults.length > 1)
      err(`${path}.integrationResponses`, 'only one integration response may be the default (no selectionPattern)');
  }
}
