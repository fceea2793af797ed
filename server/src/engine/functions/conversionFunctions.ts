// tostring/toint/tolong/todouble/…/parse_json: type conversion functions.
import type { KqlType, Value } from '../values';
import {
  int32, parseJson, toBool, toDatetimeValue, toDynamic, toGuidValue, toInt32, toInteger, toReal, toText, toTimespanValue,
} from './convert';
import type { ScalarCompiler } from './types';

const tostring: ScalarCompiler = ({ argTypes: [t] }) => ([v]) => toText(v, t);
const tolong: ScalarCompiler = ({ argTypes: [t] }) => ([v]) => toInteger(v, t);
const toint: ScalarCompiler = ({ argTypes: [t] }) => ([v]) => toInt32(v, t);
const toreal: ScalarCompiler = ({ argTypes: [t] }) => ([v]) => toReal(v, t);
const tobool: ScalarCompiler = ({ argTypes: [t] }) => ([v]) => toBool(v, t);
const todatetime: ScalarCompiler = ({ argTypes: [t] }) => ([v]) => toDatetimeValue(v, t);
const totimespan: ScalarCompiler = ({ argTypes: [t] }) => ([v]) => toTimespanValue(v, t);
const toguid: ScalarCompiler = ({ argTypes: [t] }) => ([v]) => toGuidValue(v, t);

/** parse_json: a string is parsed (invalid JSON stays a dynamic string); other values become dynamic. */
const parse_json: ScalarCompiler = ({ argTypes: [t] }) => ([v]): Value =>
  t === 'string' ? parseJson(v as string) : toDynamic(v, t);

/**
 * gettype(v): the runtime type name (gettype-function): the static type for typed values; for a dynamic value
 * what it holds: "null", "array", "dictionary", "string", "bool", "int" (a whole number in 32 bits), "long", "real".
 */
function typeName(v: Value, t: KqlType): string {
  if (t !== 'dynamic') return t;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'dictionary';
  if (typeof v === 'number') return !Number.isInteger(v) ? 'real' : v === int32(v) ? 'int' : 'long';
  return typeof v === 'boolean' ? 'bool' : 'string';
}
const gettype: ScalarCompiler = ({ argTypes: [t] }) => ([v]) => typeName(v, t);

export const conversionFunctions: Record<string, ScalarCompiler> = {
  tostring, tolong, toint, toreal, todouble: toreal, todecimal: toreal, tobool, toboolean: tobool,
  todatetime, totimespan, totime: totimespan, toguid,
  gettype, parse_json, parsejson: parse_json, todynamic: parse_json, toobject: parse_json,
};
