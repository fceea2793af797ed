// `sentinel-rules attack-coverage <files or folders…> [--layer out.json] [--format text|json]`: which ATT&CK
// tactics and techniques the rules cover, as a table, and as an ATT&CK Navigator layer to open in the Navigator.
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { attack } from '../attack/catalog';
import { attackCoverage, techniquesOfDomain, type CoverageReport } from '../attack/coverage';
import { navigatorLayer } from '../attack/navigatorLayer';
import { RuleDocument } from '../core/ruleDocument';
import { defineCommand, UsageError } from './command';
import { collectRuleFiles } from './files';

const USAGE = `usage: sentinel-rules attack-coverage <files or folders…> [--layer out.json] [--format text|json]

Counts the MITRE ATT&CK tactics and techniques (ATT&CK v${attack.version}) the rules cover.
Folders are searched recursively for rule files.
  --layer out.json  also write an ATT&CK Navigator layer (format 4.5) of the covered Enterprise techniques;
                    ICS techniques, if any, go to a second layer next to it (out.ics.json)
  --format text     a table of tactics × technique counts (default)
  --format json     the same numbers and the covered techniques as JSON
Techniques that are unknown, revoked or deprecated are not counted; each is reported on stderr with its place.
Exit code: 0, or 2 on bad usage.
`;

interface Options { paths: string[]; layer?: string; format: 'text' | 'json' }

export const command = defineCommand({
  name: 'attack-coverage',
  summary: 'ATT&CK tactics × techniques covered by the rules, and a Navigator layer',
  usage: USAGE,
  async run(args) {
    const options = parseArgs(args);
    const files = await collectRuleFiles(options.paths);
    const report = attackCoverage(files.map((f) => ({ file: relative(process.cwd(), f.path) || f.path, rule: new RuleDocument(f.text, f.path) })));
    for (const n of report.notes) process.stderr.write(`${n.file}:${n.position.line + 1}:${n.position.character + 1}: ${n.message}\n`);
    process.stdout.write(options.format === 'json' ? `${JSON.stringify(toJson(report), null, 2)}\n` : textTable(report));
    if (options.layer) {
      for (const { path, layer } of layers(report, options.layer, options.paths)) {
        await writeFile(path, `${JSON.stringify(layer, null, 2)}\n`);
        process.stderr.write(`wrote ${layer.name}: ${layer.techniques.length} technique entries to ${path}\n`);
      }
    }
    return 0;
  },
});

function parseArgs(args: string[]): Options {
  const paths: string[] = [];
  let layer: string | undefined;
  let format = 'text';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (name: string) => {
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
      if (i + 1 >= args.length) throw new UsageError(`${name} needs a value`);
      return args[++i];
    };
    if (arg === '--layer' || arg.startsWith('--layer=')) layer = value('--layer');
    else if (arg === '--format' || arg.startsWith('--format=')) format = value('--format');
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
    else paths.push(arg);
  }
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  if (paths.length === 0) throw new UsageError('give at least one rule file or folder');
  if (layer !== undefined && !layer.trim()) throw new UsageError('--layer needs a file name');
  return { paths, layer, format: format as Options['format'] };
}

/** The Enterprise layer at `out`; an ICS layer beside it only when ICS techniques are covered. */
function layers(report: CoverageReport, out: string, paths: string[]) {
  const description = `${report.rules} rules from ${paths.join(', ')}; ATT&CK v${attack.version}`;
  const result = [{ path: out, layer: navigatorLayer('enterprise-attack', techniquesOfDomain(report, 'enterprise-attack'), description) }];
  const ics = techniquesOfDomain(report, 'ics-attack');
  if (ics.length) result.push({ path: out.replace(/(\.json)?$/i, '.ics.json'), layer: navigatorLayer('ics-attack', ics, description) });
  return result;
}

function textTable(report: CoverageReport): string {
  const header = ['Tactic', 'ATT&CK ID', 'Rules', 'Techniques', 'Sub-techniques', `Of ATT&CK`, 'Covered'];
  const rows = report.tactics.map((t) => [
    t.name, t.ids.join(' '), String(t.rules), String(t.techniques), String(t.subTechniques), String(t.attackTechniques),
    t.attackTechniques ? `${Math.round((100 * t.techniques) / t.attackTechniques)}%` : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const parents = new Set(report.techniques.map((c) => c.technique.subtechniqueOf ?? c.technique.id)).size;
  const subs = report.techniques.filter((c) => c.technique.subtechniqueOf).length;
  return [
    `ATT&CK v${attack.version} coverage of ${report.rules} rules (${report.rulesWithTechniques} list techniques)`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `Distinct: ${parents} techniques, ${subs} sub-techniques. "Techniques" counts a technique once whether it or its sub-techniques are listed;`,
    `"Of ATT&CK" is the tactic's current techniques (Enterprise and ICS).`,
    '',
  ].join('\n');
}

function toJson(report: CoverageReport) {
  return {
    attackVersion: attack.version,
    rules: report.rules,
    rulesWithTechniques: report.rulesWithTechniques,
    tactics: report.tactics,
    techniques: report.techniques.map((c) => ({ id: c.technique.id, name: c.technique.name, tactics: [...c.tactics], rules: c.rules })),
    notes: report.notes,
  };
}
