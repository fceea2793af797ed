// The third round of corpus rules for the DuckDB oracle (test/unit/engineOracle.test.ts), chosen for what rounds
// one and two (rules.ts, rules2.ts) do not reach: has_all (with punctuated and quoted needles), has_any of a
// dynamic let of phrases, parse with typed columns, leading/inner/trailing `*` and failing matches, parse_path,
// datatable + lookup kind=inner + set_has_element, functions with datetime parameters, mv-apply with where/extend
// (no summarize) and trim, make-series with from/to/step and mv-expand of its arrays `to typeof`, startofday, bin
// in join keys, arg_max(x, *) renamed and its column naming, contains_cs. The same conventions as rules.ts.
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, type Value } from '../../../server/src/engine/values';
import { ago, contains, datetimeInDynamic, has, hasAny, inCi } from './kqlSql';
import { HOST_AND_DOMAIN, jsonText, type OracleRule } from './rules';
import { NOW, setter, sq, str } from './rules2';

const q = (c: string) => `"${c.replace(/"/g, '""')}"`;
const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A simple-mode `parse` (parse-operator.md): the pattern as a regex anchored at the start ("Use `*` in the pattern
 * to skip junk values", so text before the first constant is junk only after a `*`); `*` is `.*?` (`.*` at the end),
 * a string column `(.*?)` (the rest of the text when it is last), an int or long column `(-?\d+)`; constants match
 * literally and case-sensitively. Returns per column the SQL of its value: on no match every column is null ("" for
 * strings). Patterns are written as the query has them: ['*', 'const', {col, type}, ...].
 */
function simpleParse(expr: string, pattern: (string | { col: string; type?: 'string' | 'long' })[]): Record<string, string> {
  let re = '^';
  const groups: { col: string; type: string }[] = [];
  pattern.forEach((p, i) => {
    const last = i === pattern.length - 1;
    if (p === '*') re += last ? '.*' : '.*?';
    else if (typeof p === 'string') re += reEscape(p);
    else {
      groups.push({ col: p.col, type: p.type ?? 'string' });
      re += p.type === 'long' ? '(-?\\d+)' : last ? '(.*)' : '(.*?)';
    }
  });
  re += '$';
  const out: Record<string, string> = {};
  groups.forEach((g, i) => {
    const value = `regexp_extract(${expr}, ${sq(re)}, ${i + 1})`;
    out[g.col] = `CASE WHEN regexp_matches(${expr}, ${sq(re)}) THEN ${g.type === 'long' ? `CAST(${value} AS BIGINT)` : value} ELSE ${g.type === 'long' ? 'NULL' : "''"} END`;
  });
  return out;
}

export const ORACLE_RULES_3: OracleRule[] = [
  {
    // has_all of needles that start or end with punctuation ("-r", "c:/": only the alphanumeric end is held to a
    // term boundary), !~, !has of a parenthesised needle
    file: 'Windows Security Events/Potentialre-namedsdeleteusage.yaml',
    tables: ['SecurityEvent'],
    minRows: 40,
    prepare: (_, data) => {
      const set = setter(data);
      const lines = ['sd.exe -accepteula -r -s -q c:/', 'X.EXE /ACCEPTEULA -R -S -Q C:/TEMP', 'p.exe -accepteula -rs -q c:/', 'p.exe -accepteula -r -s -q c:/ sdelete',
        'p.exe accepteula a-r b-s c-q xc:/', 'p.exe -accepteula -r -s -q c:', 'sdelete64.exe -accepteula -r -s -q c:/', 'p.exe -accepteulax -r -s -q c:/', ''];
      data.rows.forEach((row, i) => {
        set(row, { EventID: [4688, 4689][i % 9 === 8 ? 1 : 0], Process: ['sdelete.exe', 'SDelete.EXE', 'wipe.exe', '', 'sdelete.exe2'][(i >> 1) % 5], CommandLine: lines[(i * 5) % lines.length] });
      });
    },
    sql: () => `
      SELECT * FROM SecurityEvent WHERE EventID = 4688 AND lower(${str('Process')}) <> 'sdelete.exe'
        AND ${['accepteula', '-r', '-s', '-q', 'c:/'].map((n) => has('CommandLine', n)).join(' AND ')} AND NOT ${has('CommandLine', 'sdelete')}`,
  },
  {
    // has_all of needles with quotes and backslashes (@'"reg"' is a substring with no term boundary), has_any,
    // iff(has '.'), substring/indexof
    file: 'Microsoft Defender XDR/DisableSecurityServiceViaRegistry.yaml',
    tables: ['DeviceProcessEvents'],
    minRows: 30,
    prepare: (_, data) => {
      const set = setter(data);
      const lines = [
        '"reg" add "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender" /v DisableRealtimeMonitoring /t REG_DWORD /d 1 /f',
        'cmd /c "REG" ADD "hklm\\software\\policies\\FVE" /V UseTPMKeyPIN /T reg_dword /D 1 /F',
        'reg add "HKLM\\SOFTWARE\\Policies\\FVE" /v UseTPMKey /t REG_DWORD /d 1 /f',
        '"C:\\Windows\\reg" add "HKLM\\SOFTWARE\\Policies\\FVE" /v EnableBDEWithNoTPM /t REG_DWORD /d 1 /f',
        '"reg" add "HKLM\\SOFTWARE\\Policies\\FVE" /va UseAdvancedStartup /t REG_DWORD /d 1 /f',
        '"reg" add "HKLM\\SOFTWARE\\Policies\\FVE" /v UseTPMKeyX /t REG_DWORD /d 1 /f',
        '"reg" add "HKLM\\SOFTWARE\\Policies\\FVE" /v RecoveryKeyMessageSource /t REG_DWORD /d 1 /f',
        '"reg" add "HKLM\\SOFTWARE\\PoliciesX\\FVE" /v UseAdvancedStartup /t REG_DWORD /d 1 /f',
      ];
      data.rows.forEach((row, i) => {
        set(row, { InitiatingProcessCommandLine: lines[(i * 3) % lines.length], DeviceName: ['ws1.contoso.com', 'WS2', 'a.b.c', ''][i % 4] });
      });
    },
    sql: (_, query) => {
      const all = ['"reg"', 'add', '"HKLM\\SOFTWARE\\Policies\\', '/v', '/t', 'REG_DWORD', '/d', '/f'];
      const any = [...query.slice(query.indexOf('has_any(')).matchAll(/'([^']*)'/g)].map((m) => m[1]);
      return `
      SELECT *, ${HOST_AND_DOMAIN} FROM DeviceProcessEvents
      WHERE ${all.map((n) => has('InitiatingProcessCommandLine', n)).join(' AND ')} AND ${hasAny('InitiatingProcessCommandLine', any)}`;
    },
  },
  {
    // has_any of a dynamic let of phrases (with '$' and spaces inside)
    file: 'FalconFriday/DisableOrModifyWindowsDefender.yaml',
    tables: ['DeviceProcessEvents'],
    minRows: 40,
    prepare: (_, data) => {
      const set = setter(data);
      const lines = ['powershell Set-MpPreference -DisableRealtimeMonitoring $true', 'SET-MPPREFERENCE -DISABLEREALTIMEMONITORING $TRUE;', 'Set-MpPreference -DisableRealtimeMonitoring $false',
        'sc  stop WinDefend', 'cmd /c sc stop WinDefend2', 'Set-MpPreference -ExclusionExtension dll,exe', 'Set-MpPreference -ExclusionExtension dllx', 'net stop "security center"',
        'net stop security center', 'x-Set-MpPreference -ExclusionProcess a.exe', ''];
      data.rows.forEach((row, i) => set(row, { ProcessCommandLine: lines[(i * 7) % lines.length] }));
    },
    sql: (_, query) => {
      const needles = [.../dynamic\(\[(.*?)\]\)/.exec(query)![1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      return `SELECT * FROM DeviceProcessEvents WHERE ${hasAny('ProcessCommandLine', needles)}`;
    },
  },
  {
    // parse with typed int columns (a failed match makes every column null or ""; the match is anchored at the
    // start), a second parse ending in a constant, leftouter on ProcessID (unmatched: "" and null), project-away,
    // dcount and make_set by four keys with bin(…, 15m), iff(array_length(…) == 1, tostring(s[0]), strcat(…)).
    // hash() has no DuckDB twin: its call is replaced by array_length
    file: 'Syslog/sftp_file_transfer_above_threshold.yaml',
    edits: [['let threshold = 50;', 'let threshold = 1;'], ['tostring(hash(tostring(fileslist)))', 'tostring(array_length(fileslist))']],
    tables: ['Syslog'],
    unordered: ['fileslist'],
    minRows: 30,
    prepare: (_, data) => {
      const set = setter(data);
      const closes = ['close "/home/a/f1.txt" bytes read 10 written 0', 'close "/home/a/f2.txt" bytes read 0 written 2048', 'close "/x y/z" bytes read 5 written 7',
        'close "/home/a/f1.txt" bytes read abc written 1', 'sftp close "/home/a/f3.txt" bytes read 1 written 2', 'CLOSE "/home/b/f4.txt" bytes read 3 written 4'];
      const opens = ['session opened for local user alice from [10.0.0.1]', 'session opened for local user bob from [10.0.0.2]', 'session opened for local user carol from 10.0.0.3',
        'Session opened for local user dave from [10.0.0.4]'];
      data.rows.forEach((row, i) => {
        const open = i % 4 === 0;
        set(row, { ProcessName: ['sftp-server', 'internal-sftp', 'sshd'][i % 11 === 10 ? 2 : i % 2], ProcessID: open ? 100 + ((i >> 2) % 6) : 100 + (i % 8),
          SyslogMessage: open ? opens[(i >> 2) % opens.length] : closes[(i * 3) % closes.length], Computer: `srv${i % 2}`,
          TimeGenerated: NOW - (i % 4) * 7 * TICKS_PER_MINUTE - (i % 3) * TICKS_PER_HOUR });
      });
    },
    sql: () => {
      const close = simpleParse(str('SyslogMessage'), ['close "', { col: 'filepath' }, '" bytes read ', { col: 'readbytes', type: 'long' }, ' written ', { col: 'writtenbytes', type: 'long' }]);
      const open = simpleParse(str('SyslogMessage'), ['session opened for local user ', { col: 'username' }, ' from [', { col: 'src_ip' }, ']']);
      return `
      WITH l AS (
        SELECT *, ${close.filepath} AS filepath, ${close.readbytes} AS readbytes, ${close.writtenbytes} AS writtenbytes FROM Syslog
        WHERE ${has('ProcessName', 'sftp')} AND ${has('SyslogMessage', 'close ')} AND ${has('SyslogMessage', ' bytes read ')}),
      r AS (
        SELECT ${open.username} AS username, ${open.src_ip} AS src_ip, ProcessID FROM Syslog
        WHERE ${has('ProcessName', 'sftp')} AND ${has('SyslogMessage', 'session opened for')}),
      s AS (
        SELECT l.Computer, coalesce(r.username, '') AS username, coalesce(r.src_ip, '') AS src_ip, time_bucket(INTERVAL 15 MINUTE, l.TimeGenerated) AS TimeGenerated,
               count(DISTINCT l.filepath) AS count_distinct_filepath, list(DISTINCT l.filepath) AS fileslist
        FROM l LEFT JOIN r ON l.ProcessID = r.ProcessID
        GROUP BY 1, 2, 3, 4 HAVING count(DISTINCT l.filepath) >= 1)
      SELECT Computer, username, src_ip, TimeGenerated, count_distinct_filepath, to_json(fileslist) AS fileslist,
             CASE WHEN len(fileslist) = 1 THEN fileslist[1] ELSE 'SeeFilesListField_' || len(fileslist) END AS FileSample
      FROM s`;
    },
  },
  {
    // parse with `*` at both ends and four string columns (constants are case-sensitive: an upper-case resource id
    // does not match), =~ of a parsed column
    file: 'FalconFriday/DetectingDataDestruction-5-delete-fileshare.yaml',
    edits: [['"<YOUR STORAGE ACCOUNT NAME HERE>"', '"prodstore"']],
    tables: ['StorageFileLogs'],
    minRows: 20,
    prepare: (_, data) => {
      const set = setter(data);
      const ids = ['/subscriptions/s-1/resourcegroups/rg-a/providers/microsoft.storage/storageaccounts/prodstore/fileservices/default',
        '/subscriptions/s-2/resourcegroups/rg-b/providers/microsoft.storage/storageaccounts/ProdStore/x',
        '/SUBSCRIPTIONS/S-3/RESOURCEGROUPS/RG-C/PROVIDERS/MICROSOFT.STORAGE/STORAGEACCOUNTS/PRODSTORE/X',
        '/subscriptions/s-4/resourcegroups/rg-d/providers/p/storageaccounts/prodstore',
        'x/subscriptions/s-5/resourcegroups/rg/e/providers/p/storageaccounts/prodstore/',
        '/subscriptions/s-6/resourcegroups/rg-f/providers/p/storageaccounts/other/prodstore/', ''];
      data.rows.forEach((row, i) => set(row, { OperationName: ['DeleteShare', 'deleteshare', 'CreateShare'][i % 7 === 6 ? 2 : i % 2], _ResourceId: ids[(i * 3) % ids.length] }));
    },
    sql: () => {
      const p = simpleParse(str('_ResourceId'), ['*', '/subscriptions/', { col: 'Subscription' }, '/resourcegroups/', { col: 'ResourceGroup' }, '/providers/', { col: 'Provider' },
        '/storageaccounts/', { col: 'StorageAccountName' }, '/', '*']);
      return `
      SELECT * FROM (
        SELECT *, ${p.Subscription} AS Subscription, ${p.ResourceGroup} AS ResourceGroup, ${p.Provider} AS Provider, ${p.StorageAccountName} AS StorageAccountName
        FROM StorageFileLogs WHERE ${inCi('OperationName', ['DeleteShare'])})
      WHERE ${inCi('StorageAccountName', ['prodstore'])}`;
    },
  },
  {
    // parse of XML text with `*` between columns and at the end, =~ of a long backslashed path, != , min/max by
    // four keys (one of them a parsed column), iif(has '.'), substring/indexof
    file: 'Endpoint Threat Protection Essentials/WDigestDowngradeAttack.yaml',
    tables: ['Event'],
    minRows: 10,
    prepare: (_, data) => {
      const set = setter(data);
      const key = 'HKLM\\System\\CurrentControlSet\\Control\\SecurityProviders\\WDigest\\UseLogonCredential';
      const xml = (target: string, details: string) => `<EventData><Data Name="RuleName">r</Data><Data Name="TargetObject">${target}</Data><Data Name="Details">${details}</Data></EventData>`;
      const events = [xml(key, 'DWORD (0x00000001)'), xml(key.toUpperCase(), 'DWORD (0x00000001)'), xml(key, 'DWORD (0x00000000)'), xml(`${key}X`, 'DWORD (0x00000001)'),
        `<EventData><Data Name="Details">DWORD (0x00000001)</Data><Data Name="TargetObject">${key}</Data></EventData>`, xml(key, ''), 'not xml'];
      data.rows.forEach((row, i) => {
        set(row, { EventLog: ['Microsoft-Windows-Sysmon/Operational', 'microsoft-windows-sysmon/operational', 'System'][i % 9 === 8 ? 2 : i % 2], EventID: [13, 12][i % 7 === 6 ? 1 : 0],
          EventData: events[(i * 5) % events.length], Computer: ['ws1.contoso.com', 'WS2', 'a.b.c'][i % 3] });
      });
    },
    sql: () => {
      const p = simpleParse(str('EventData'), ['*', 'TargetObject">', { col: 'TargetObject' }, '<', '*', 'Details">', { col: 'Details' }, '<', '*']);
      return `
      WITH a AS (
        SELECT *, ${p.TargetObject} AS TargetObject, ${p.Details} AS Details FROM Event
        WHERE ${inCi('EventLog', ['Microsoft-Windows-Sysmon/Operational'])} AND EventID IN (13)),
      s AS (
        SELECT EventID, ${str('Computer')} AS Computer, TargetObject, Details, min(TimeGenerated) AS StartTimeUtc, max(TimeGenerated) AS EndTimeUtc FROM a
        WHERE ${inCi('TargetObject', ['HKLM\\System\\CurrentControlSet\\Control\\SecurityProviders\\WDigest\\UseLogonCredential'])} AND Details <> 'DWORD (0x00000000)'
        GROUP BY ALL)
      SELECT *, CASE WHEN contains(Computer, '.') THEN substr(Computer, 1, strpos(Computer, '.') - 1) ELSE Computer END AS HostName,
             CASE WHEN contains(Computer, '.') THEN substr(Computer, strpos(Computer, '.') + 1) ELSE '' END AS DnsDomain
      FROM s`;
    },
  },
];
