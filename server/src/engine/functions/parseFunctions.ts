// Functions that parse text into dynamic values: parse_xml, parse_url, parse_path, parse_command_line,
// extract_json.
import type { Value } from '../values';
import { dynamicText, fromText, parseJson, toText } from './convert';
import type { ScalarCompiler } from './types';
import { KqlRuntimeError } from './types';
import { followJsonPath } from './jsonPath';
import { parseXml } from './xml';

const parse_xml: ScalarCompiler = ({ argTypes }) => ([v]) => parseXml(toText(v, argTypes[0]));

const URL_PARTS = /^([A-Za-z][\w+.-]*):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^:/?#]*)(?::(\d+))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

/**
 * parse_url: a bag of Scheme, Host, Port, Path, Username, Password, Query Parameters, Fragment ("" if absent).
 * Path has no leading slash, as in the docs' example ("Path":"this/is/a/path").
 */
/** The key=value pairs of a URL query as a bag (a key without '=' has the value ""). */
function queryParameters(query: string): { [k: string]: Value } {
  const out: { [k: string]: Value } = {};
  for (const pair of query.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    out[eq < 0 ? pair : pair.slice(0, eq)] = eq < 0 ? '' : pair.slice(eq + 1);
  }
  return out;
}

/** parse_urlquery(query): {"Query Parameters": {…}} (parse-url-query-function; deprecated for parse_url). */
const parse_urlquery: ScalarCompiler = ({ argTypes }) => ([v]) =>
  ({ 'Query Parameters': queryParameters(toText(v, argTypes[0]).replace(/^\?/, '')) });

const parse_url: ScalarCompiler = ({ argTypes }) => ([v]) => {
  const m = URL_PARTS.exec(toText(v, argTypes[0]));
  const query = queryParameters(m?.[7] ?? '');
  return {
    Scheme: m?.[1] ?? '', Host: m?.[4] ?? '', Port: m?.[5] ?? '', Path: (m?.[6] ?? '').replace(/^\//, ''),
    Username: m?.[2] ?? '', Password: m?.[3] ?? '', 'Query Parameters': query, Fragment: m?.[8] ?? '',
  };
};

const SCHEME = /^([A-Za-z][\w+.-]*):\/\//;
const DRIVE = /^[A-Za-z]:/;

/**
 * parse_path: Scheme, RootPath (drive or URL host), DirectoryPath, DirectoryName, Filename, Extension and
 * AlternateDataStreamName of a Windows, UNC, Unix or URL path.
 */
const parse_path: ScalarCompiler = ({ argTypes }) => ([v]) => {
  let rest = toText(v, argTypes[0]);
  const scheme = SCHEME.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  const lastSep = Math.max(rest.lastIndexOf('\\'), rest.lastIndexOf('/'));
  const directoryPath = lastSep < 0 ? '' : rest.slice(0, lastSep);
  let filename = rest.slice(lastSep + 1);
  let stream = '';
  const colon = filename.indexOf(':');
  if (colon >= 0 && !(lastSep < 0 && DRIVE.test(filename))) {
    stream = filename.slice(colon + 1);
    filename = filename.slice(0, colon);
  }
  const dirSep = Math.max(directoryPath.lastIndexOf('\\'), directoryPath.lastIndexOf('/'));
  const drive = DRIVE.exec(rest)?.[0];
  const rootPath = drive ?? (scheme ? rest.split(/[\\/]/)[0] : '');
  const dot = filename.lastIndexOf('.');
  return {
    Scheme: scheme?.[1] ?? '', RootPath: rootPath, DirectoryPath: directoryPath,
    DirectoryName: directoryPath.slice(dirSep + 1), Filename: filename,
    Extension: dot < 0 ? '' : filename.slice(dot + 1), AlternateDataStreamName: stream,
  };
};

/**
 * Splits a Windows command line like CommandLineToArgvW: whitespace separates arguments outside quotes;
 * 2n backslashes before a quote give n backslashes and a delimiter quote, 2n+1 give n and a literal quote;
 * "" inside a quoted argument is a literal quote; the program name (first argument) takes no escapes.
 */
function splitWindowsCommandLine(cmd: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = cmd.length;
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t';
  // program name
  while (isSpace(cmd[i])) i++;
  if (i >= n) return args;
  let arg = '';
  if (cmd[i] === '"') {
    const end = cmd.indexOf('"', i + 1);
    arg = cmd.slice(i + 1, end < 0 ? n : end);
    i = end < 0 ? n : end + 1;
  } else {
    while (i < n && !isSpace(cmd[i])) arg += cmd[i++];
  }
  args.push(arg);
  for (;;) {
    while (isSpace(cmd[i])) i++;
    if (i >= n) return args;
    arg = '';
    let quoted = false;
    while (i < n && (quoted || !isSpace(cmd[i]))) {
      if (cmd[i] === '\\') {
        let slashes = 0;
        while (cmd[i] === '\\') { slashes++; i++; }
        if (cmd[i] === '"') {
          arg += '\\'.repeat(Math.floor(slashes / 2));
          if (slashes % 2 === 1) { arg += '"'; i++; }
        } else {
          arg += '\\'.repeat(slashes);
        }
      } else if (cmd[i] === '"') {
        if (quoted && cmd[i + 1] === '"') { arg += '"'; i += 2; continue; }
        quoted = !quoted;
        i++;
      } else {
        arg += cmd[i++];
      }
    }
    args.push(arg);
  }
}

const parse_command_line: ScalarCompiler = ({ argTypes, where }) => ([cmd, parser]) => {
  const kind = toText(parser, argTypes[1]).toLowerCase();
  if (kind !== 'windows') throw new KqlRuntimeError(`parse_command_line(): unsupported parser '${kind}' at ${where}`);
  return splitWindowsCommandLine(toText(cmd, argTypes[0]));
};

/** extract_json(path, json [, typeof(T)]): the element's text, or the element cast to T. */
const extract_json: ScalarCompiler = ({ argTypes, resultType }) => ([path, json]) => {
  const parsed = argTypes[1] === 'dynamic' ? json : parseJson(toText(json, argTypes[1]));
  const found = followJsonPath(parsed, toText(path, argTypes[0]));
  if (resultType === 'dynamic') return found ?? null;
  if (found === undefined || found === null) return resultType === 'string' ? '' : null;
  const text = dynamicText(found);
  return resultType === 'string' ? text : fromText(text, resultType) ?? null;
};

export const parseFunctions: Record<string, ScalarCompiler> = {
  parse_xml, parse_url, parse_urlquery, parse_path, parse_command_line, extract_json, extractjson: extract_json,
};
