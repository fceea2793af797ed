// The third round of corpus rules for the DuckDB oracle (test/unit/engineOracle.test.ts), chosen for what rounds
// one and two (rules.ts, rules2.ts) do not reach: has_all (with punctuated and quoted needles), has_any of a
// dynamic let of phrases, parse with typed columns, leading/inner/trailing `*` and failing matches, parse_path,
// datatable + lookup kind=inner + set_has_element, functions with datetime parameters, mv-apply with where/extend
// (no summarize) and trim, make-series with from/to/step and mv-expand of its arrays `to typeof`, startofday, bin
// in join keys, arg_max(x, *) renamed and its column naming, contains_cs. The same conventions as rules.ts.
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, type Value } from '../../../server/src/engine/values';
import { ago, contains, datetimeInDynamic, has, hasAny, inCi } from './kqlSql';
import { HOST_AND_DOMAIN, jsonText, type OracleRule } from './rules';
import { NOW, setter, sq, str, tableColumns, unionColumns } from './rules2';

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

/** The eight keys FailedLogonToAzurePortal summarizes by. */
const KEYS = 'UserPrincipalName, UserId, UserDisplayName, AppDisplayName, Browser, OS, FullLocation, Type';

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
        set(row, { EventID: [4688, 4689][i % 10 === 9 ? 1 : 0], Process: ['sdelete.exe', 'SDelete.EXE', 'wipe.exe', '', 'sdelete.exe2'][(i >> 1) % 5], CommandLine: lines[(i * 5) % lines.length] });
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
      data.rows.forEach((row, i) => set(row, { OperationName: ['DeleteShare', 'deleteshare', 'CreateShare'][i % 10 === 9 ? 2 : i % 2], _ResourceId: ids[(i * 3) % ids.length] }));
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
        set(row, { EventLog: ['Microsoft-Windows-Sysmon/Operational', 'microsoft-windows-sysmon/operational', 'System'][i % 9 === 8 ? 2 : i % 2], EventID: [13, 12][i % 10 === 9 ? 1 : 0],
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
  {
    // datatable of (string, dynamic) rows, parse_path(…).Filename (Windows, UNC, forward-slash and file:// paths with
    // an alternate data stream: parse-path-function.md's examples), tolower, lookup kind=inner (the key once, the
    // right's other columns appended), not(set_has_element(dynamic, string))
    file: 'FalconFriday/MatchLegitimateNameOrLocation.yaml',
    tables: ['DeviceProcessEvents'],
    minRows: 40,
    prepare: (_, data) => {
      const set = setter(data);
      const images = ['C:\\Windows\\System32\\smss.exe', 'C:\\Windows\\System32\\SMSS.EXE', 'C:\\Windows\\System32\\lsass.exe', 'C:\\Windows\\System32\\svchost.exe',
        '\\\\server\\share\\dllhost.exe', '/usr/bin/services.exe', 'C:\\Windows\\notepad.exe', 'C:\\Windows\\System32\\smss.exe.bak', 'file://C:/Windows/System32/lsass.exe:stream',
        'C:\\Windows\\System32\\Lsass.exe', 'C:\\Users\\x\\AppData\\svchost.exe'];
      const parents = ['C:\\Windows\\System32\\wininit.exe', 'C:\\Windows\\System32\\services.exe', 'C:\\Windows\\System32\\smss.exe', 'C:\\Windows\\explorer.exe',
        'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18\\MsMpEng.exe', 'C:\\Windows\\System32\\SERVICES.EXE', 'D:/tools/wininit.exe'];
      data.rows.forEach((row, i) => set(row, { FolderPath: images[(i * 5) % images.length], InitiatingProcessFolderPath: parents[(i * 3) % parents.length] }));
    },
    sql: (_, query) => {
      const rows = query.split('\n').filter((l) => !l.trim().startsWith('//'))
        .flatMap((l) => [...l.matchAll(/"([^"]*)", dynamic\(\[([^\]]*)\]\)/g)])
        .map((m) => `(${sq(m[1])}, [${[...m[2].matchAll(/"([^"]*)"/g)].map((x) => sq(x[1])).join(', ')}]::VARCHAR[])`);
      const filename = (p: string) => `lower(regexp_extract(${str(p)}, '([^\\\\/:]*)(:[^\\\\/:]*)?$', 1))`;
      return `
      WITH rel(ImageFile, ExpectedParent) AS (VALUES ${rows.join(', ')}),
      d AS (SELECT *, ${filename('FolderPath')} AS ImageFile, ${filename('InitiatingProcessFolderPath')} AS ParentFile FROM DeviceProcessEvents)
      SELECT d.*, to_json(rel.ExpectedParent) AS ExpectedParent FROM d JOIN rel ON d.ImageFile = rel.ImageFile WHERE NOT list_contains(rel.ExpectedParent, d.ParentFile)`;
    },
  },
  {
    // a function with two datetime parameters called twice (now()-1h, a computed lookback), between, =~, in, has_any,
    // mv-apply with where + extend (an element of another type, an element with two matches, null and empty
    // arrays), trim('"', …), contains, leftanti on three keys, iif(isnotempty), tostring of two-level paths,
    // split(s, '@', i)[0]
    file: 'Microsoft Entra ID/UserAssignedPrivilegedRole.yaml',
    tables: ['AuditLogs'],
    minRows: 20,
    prepare: (_, data) => {
      const set = setter(data);
      const role = (name: string, display = 'Role.DisplayName') => ({ displayName: display, oldValue: null, newValue: name });
      const targets: Value[] = [
        [{ type: 'User', userPrincipalName: 'u1@contoso.com', modifiedProperties: [role('"Global Administrator"'), role('"62e90394"', 'Role.TemplateId')] }, { type: 'Role', displayName: 'Global Administrator' }],
        [{ type: 'ServicePrincipal', displayName: 'App1', userPrincipalName: 'no', modifiedProperties: [role('"Exchange Administrator"', 'role.displayname')] }],
        [{ type: 'user', userPrincipalName: 'u2@contoso.com', modifiedProperties: [role('Reader')] }],
        [{ type: 'User', userPrincipalName: 'u3', modifiedProperties: null }, { type: 'SERVICEPRINCIPAL', displayName: 'App2', modifiedProperties: [role('Cloud App Admin"')] }],
        [{ type: 'User', userPrincipalName: 'u1@contoso.com', modifiedProperties: [role('"Security Administrator"'), role('"User admin"')] }],
        [], null, [{ type: 7, userPrincipalName: 'u4@x' }, { type: 'User', userPrincipalName: 'u5@fabrikam.com', modifiedProperties: [] }],
      ];
      const initiators: Value[] = [{ app: { displayName: 'MS-PIM' } }, { user: { userPrincipalName: 'admin@contoso.com' } }, { app: { displayName: '' }, user: { userPrincipalName: 'x@y@z' } }, null];
      data.rows.forEach((row, i) => {
        set(row, { Category: ['RoleManagement', 'rolemanagement', 'Other'][i % 11 === 10 ? 2 : i % 2], AADOperationType: ['Assign', 'AssignEligibleRole', 'assign'][i % 13 === 12 ? 2 : (i >> 1) % 2],
          ActivityDisplayName: ['Add member to role', 'Add eligible member to role', 'Add member to role completed (PIM activation)', 'Remove member from role'][i % 4],
          OperationName: ['Add member to role', 'Add eligible member to role'][(i >> 2) % 2], Result: ['success', 'Success', 'failure'][i % 9 === 8 ? 2 : i % 17 === 16 ? 1 : 0],
          TargetResources: targets[(i * 3) % targets.length], InitiatedBy: initiators[(i >> 1) % initiators.length],
          // the lookback holds some of the first two targets' assignments (leftanti removes them), the last hour all
          TimeGenerated: i % 3 === 0 && (i * 3) % targets.length < 2 ? NOW - (1 + (i % 13)) * TICKS_PER_DAY - i : NOW - (i % 55) * TICKS_PER_MINUTE - 1 });
      });
    },
    sql: (now, query) => {
      const activities = [...query.slice(query.indexOf('has_any')).matchAll(/"([^"]*)"/g)].slice(0, 2).map((m) => m[1]);
      const t = (path: string, from: string) => jsonText(`json_extract(${from}, '${path}')`);
      const leg = (from: string, to: string) => `(
        WITH f AS (
          SELECT *, unnest(json_extract(TargetResources, '$[*]')) AS TargetResource FROM AuditLogs
          WHERE TimeGenerated BETWEEN ${from} AND ${to} AND ${inCi('Category', ['RoleManagement'])} AND AADOperationType IN ('Assign', 'AssignEligibleRole')
            AND ${hasAny('ActivityDisplayName', activities)}),
        g AS (
          SELECT *, CASE WHEN lower(${t('$.type', 'TargetResource')}) = 'serviceprincipal' THEN ${t('$.displayName', 'TargetResource')} ELSE ${t('$.userPrincipalName', 'TargetResource')} END AS Target,
                 json_extract(TargetResource, '$.modifiedProperties') AS props
          FROM f WHERE lower(${t('$.type', 'TargetResource')}) IN ('user', 'serviceprincipal')),
        h AS (SELECT *, unnest(json_extract(props, '$[*]')) AS Property FROM g)
        SELECT *, regexp_replace(regexp_replace(${t('$.newValue', 'Property')}, '^"', ''), '"$', '') AS RoleName FROM h
        WHERE lower(${t('$.displayName', 'Property')}) = 'role.displayname')`;
      const start = `(TIMESTAMP '${now.replace('T', ' ').replace('Z', '')}' - INTERVAL 1 HOUR)`;
      const admin = `${contains('RoleName', 'Admin')} AND Result = 'success'`;
      return `
      WITH cur AS (SELECT * FROM ${leg(start, ago(now, '0 HOUR'))} WHERE ${admin}),
      hist AS (SELECT * FROM ${leg(`(${start} - INTERVAL 14 DAY)`, start)} WHERE ${admin}),
      u AS (SELECT * FROM cur c WHERE NOT EXISTS (SELECT 1 FROM hist h WHERE h.Target = c.Target AND h.RoleName = c.RoleName AND h.OperationName = c.OperationName)),
      v AS (
        SELECT TimeGenerated, OperationName, RoleName, Target,
               CASE WHEN ${t('$.app.displayName', 'InitiatedBy')} <> '' THEN ${t('$.app.displayName', 'InitiatedBy')} ELSE ${t('$.user.userPrincipalName', 'InitiatedBy')} END AS Initiator, Result
        FROM u)
      SELECT *, split_part(Target, '@', 1) AS TargetName, split_part(Target, '@', 2) AS TargetUPNSuffix,
             split_part(Initiator, '@', 1) AS InitiatorName, split_part(Initiator, '@', 2) AS InitiatorUPNSuffix
      FROM v`;
    },
  },
  {
    // make-series count() from startofday(ago(14d)) to startofday(now()) step 1d by a key, mv-expand of five arrays
    // in parallel `to typeof(double|datetime|long)`, between with startofday, endswith, the default join kind on a
    // datetime and a string key, make_set unnamed (set_X, also set__ResourceId), count(), bin(…, 1d), iif(has '@'),
    // split(s, '@', i)[0]. series_decompose_anomalies has no DuckDB twin: the series stand in for its three outputs
    // (the edit), and endtime is widened to the whole series so that all its bins reach the join
    file: 'Azure Activity/TimeSeriesAnomaly_Mass_Cloud_Resource_Deletions.yaml',
    edits: [['let endtime = 1d;', 'let endtime = 14d;'], ['let TotalEventsThreshold = 25;', 'let TotalEventsThreshold = 1;'],
      ["(anomalies, score, baseline) = series_decompose_anomalies(Total, 3, -1, 'linefit')", 'anomalies = Total, score = Total, baseline = Total']],
    tables: ['AzureActivity'],
    unordered: ['set_OperationNameValue', 'set__ResourceId'],
    minRows: 40,
    prepare: (_, data) => {
      const set = setter(data);
      const ops = ['Microsoft.Compute/virtualMachines/delete', 'MICROSOFT.STORAGE/STORAGEACCOUNTS/DELETE', 'Microsoft.Compute/virtualMachines/write', 'x/deleted'];
      data.rows.forEach((row, i) => {
        // two rows of a caller in a row, a day per block of eight rows (some beyond the series' 14 days)
        const day = Math.floor(i / 8) % 16;
        // every 23rd row at midnight: between … includes the series' first midnight, `>` of the join's right leg does not
        const at = i % 23 === 0 ? NOW - 14 * TICKS_PER_DAY : NOW - day * TICKS_PER_DAY - (1 + (i % 5)) * TICKS_PER_HOUR - i;
        set(row, { Caller: ['a@contoso.com', 'svc-1', 'b@x@y', ''][(i >> 1) % 4], OperationNameValue: ops[i % 3 === 2 ? 2 + ((i >> 3) % 2) : i % 2], _ResourceId: `/subscriptions/s/rg/r${i % 3}`, TimeGenerated: at });
      });
    },
    sql: (now) => {
      const end = `TIMESTAMP '${now.replace('T', ' ').replace('Z', '')}'`;
      const start = `(${end} - INTERVAL 14 DAY)`;
      return `
      WITH del AS (
        SELECT TimeGenerated, ${str('Caller')} AS Caller, ${str('OperationNameValue')} AS OperationNameValue, ${str('_ResourceId')} AS _ResourceId FROM AzureActivity
        WHERE ends_with(lower(${str('OperationNameValue')}), 'delete')),
      series AS (
        SELECT Caller, time_bucket(INTERVAL 1 DAY, TimeGenerated) AS TimeGenerated, count(*)::DOUBLE AS Total FROM del
        WHERE TimeGenerated BETWEEN ${start} AND ${end} AND TimeGenerated < ${end} GROUP BY ALL),
      r AS (
        SELECT time_bucket(INTERVAL 1 DAY, TimeGenerated) AS TimeGenerated, Caller, count(*) AS count_, to_json(list(DISTINCT OperationNameValue)) AS set_OperationNameValue,
               to_json(list(DISTINCT _ResourceId)) AS set__ResourceId
        FROM del WHERE TimeGenerated > ${start} GROUP BY ALL)
      SELECT s.Caller, s.TimeGenerated, s.Total, s.Total::BIGINT AS baseline, s.Total AS anomalies, s.Total AS score, r.TimeGenerated AS TimeGenerated1, r.Caller AS Caller1,
             r.count_, r.set_OperationNameValue, r.set__ResourceId,
             CASE WHEN contains(s.Caller, '@') THEN split_part(s.Caller, '@', 1) ELSE '' END AS Name,
             CASE WHEN contains(s.Caller, '@') THEN split_part(s.Caller, '@', 2) ELSE '' END AS UPNSuffix,
             CASE WHEN NOT contains(s.Caller, '@') THEN s.Caller ELSE '' END AS AadUserId
      FROM series s JOIN r ON s.TimeGenerated = r.TimeGenerated AND s.Caller = r.Caller
      WHERE s.TimeGenerated >= ${start} AND s.Total > 1`;
    },
  },
  {
    // has of a hyphenated needle, =~, ==, bin(…, 3m) as a join key on both sides, inner join on it and a string,
    // count() by twelve keys, one of them a named strcat of a column and the right's renamed column
    file: 'Azure Activity/New-CloudShell-User.yaml',
    tables: ['AzureActivity'],
    minRows: 20,
    prepare: (_, data) => {
      const set = setter(data);
      const ops = ['Microsoft.Storage/storageAccounts/listKeys/action', 'MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION', 'Microsoft.Storage/storageAccounts/write', 'microsoft.storage/storageaccounts/write'];
      data.rows.forEach((row, i) => {
        set(row, { ResourceGroup: ['cloud-shell-storage-westeurope', 'CLOUD-SHELL-STORAGE', 'rg-cloud-shellx', 'cloudshell'][i % 7 === 6 ? 2 : i % 11 === 10 ? 3 : i % 2],
          OperationNameValue: ops[(i >> 1) % ops.length], ActivityStatusValue: ['Success', 'success', 'Failure'][i % 13 === 12 ? 1 : i % 17 === 16 ? 2 : 0],
          Caller: ['a@contoso.com', 'b@contoso.com', 'svc'][i % 3], CallerIpAddress: ['1.1.1.1', '2.2.2.2'][(i >> 2) % 2], SubscriptionId: 'sub-1', TenantId: 't-1', HTTPRequest: '',
          Type: 'AzureActivity', Properties: `p${i % 2}`, CategoryValue: 'Administrative', TimeGenerated: NOW - (i % 20) * TICKS_PER_MINUTE - (i % 7) * 1_000_000 });
      });
    },
    sql: () => {
      const keys = ['Caller', 'ResourceGroup', 'SubscriptionId', 'TenantId', 'AzureIP', 'UserIP', 'HTTPRequest', 'Type', 'Properties', 'CategoryValue'];
      return `
      WITH a AS (
        SELECT *, time_bucket(INTERVAL 3 MINUTE, TimeGenerated) AS TimeKey FROM AzureActivity WHERE ${has('ResourceGroup', 'cloud-shell')}),
      l AS (
        SELECT TimeKey, ${['Caller', 'ResourceGroup', 'SubscriptionId', 'TenantId', 'HTTPRequest', 'Type', 'Properties', 'CategoryValue', 'OperationNameValue'].map((c) => `${str(c)} AS ${c}`).join(', ')},
               ${str('CallerIpAddress')} AS AzureIP
        FROM a WHERE ${inCi('OperationNameValue', ['Microsoft.Storage/storageAccounts/listKeys/action'])} AND ActivityStatusValue = 'Success'),
      r AS (
        SELECT TimeKey, ${str('Caller')} AS Caller, ${str('OperationNameValue')} AS OperationNameValue, ${str('CallerIpAddress')} AS UserIP
        FROM a WHERE ${inCi('OperationNameValue', ['Microsoft.Storage/storageAccounts/write'])}),
      j AS (
        SELECT l.*, r.UserIP, l.OperationNameValue || ' , ' || r.OperationNameValue AS OperationList FROM l JOIN r ON l.Caller = r.Caller AND l.TimeKey = r.TimeKey)
      SELECT TimeKey, ${keys.join(', ')}, OperationList, count(*) AS count_, split_part(Caller, '@', 1) AS Name, split_part(Caller, '@', 2) AS UPNSuffix
      FROM j GROUP BY TimeKey, ${keys.join(', ')}, OperationList`;
    },
  },
  {
    // tostring of dynamic paths, iff of two dynamic values, extend replacing a dynamic column by a string one,
    // mv-apply with where + extend, mv-expand of pack_array(…) to typeof(string), has_any with '#' needles,
    // startswith, split by '#' and by "#EXT#" (case-sensitive) then [i], replace_string, tolower; union isfuzzy of
    // two sign-in tables then arg_min(TimeGenerated, *) by a key (key, TimeGenerated, the other columns:
    // arg-max-aggregation-function.md), the default join kind (one left row per key: the data keeps them unique),
    // the right's Category renamed Category1, project with renames
    file: 'Microsoft Entra ID/UnusualGuestActivity.yaml',
    tables: ['AuditLogs', 'SigninLogs', 'AADNonInteractiveUserSignInLogs'],
    minRows: 20,
    prepare: (table, data) => {
      const set = setter(data);
      if (table === 'AuditLogs') {
        // names unique per pattern on the left (innerunique keeps one left row per key), and all of them on the right
        return data.rows.forEach((row, i) => {
          const a = Math.floor(i / 5);
          const t = Math.floor(i / 12) * 2 + (i & 1);
          const initiators: Value[] = [{ user: { userPrincipalName: `g${a}_fabrikam.com#EXT#@contoso.onmicrosoft.com`, id: `id${i}`, ipAddress: '1.2.3.4' } },
            { app: { displayName: 'Inviter', servicePrincipalId: 'sp-1', ipAddress: '5.6.7.8' } }, { user: { userPrincipalName: 'admin@contoso.com', ipAddress: '' }, app: { ipAddress: '9.9.9.9' } },
            { user: { userPrincipalName: `live.com#L${a}@outlook.com` } }, null];
          const targets: Value[] = [[{ type: 'User', userPrincipalName: `n${t}_x.com#EXT#@contoso.onmicrosoft.com` }], [{ type: 'Group', displayName: 'g' }, { type: 'user', userPrincipalName: `live.com#m${t}@hotmail.com` }],
            [{ type: 'Group', displayName: 'g' }], [{ type: 'User', userPrincipalName: `p${t}@contoso.com` }], [{ type: 'User', userPrincipalName: `q${t}_y.com#ext#@contoso.onmicrosoft.com` }], []];
          set(row, { OperationName: ['Invite external user', 'Bulk invite users - started (bulk)', 'invite external user', 'Add user'][i % 9 === 8 ? 2 : i % 11 === 10 ? 3 : i % 2],
            TimeGenerated: NOW - (i % 30) * TICKS_PER_HOUR - i, InitiatedBy: initiators[i % initiators.length], TargetResources: targets[(i >> 1) % targets.length] });
        });
      }
      const apps = ['1b730954-1685-4b74-9bfd-dac224a7b894', '04B07795-8DDB-461A-BBEE-02F9E1BF7B46', '00000000-0000-0000-0000-000000000000', 'x1950a258-227b-4e31-a9cf-717495945fc2'];
      data.rows.forEach((row, j) => {
        // the second table's rows name the first table's user three rows later, five seconds earlier (arg_min takes it)
        const k = table === 'SigninLogs' ? j : j + 3;
        const n = Math.floor(k / 6);
        const upn = [`g${n}@fabrikam.com`, `n${n}@x.com`, `m${n}@hotmail.com`, `L${n}@outlook.com`, `q${n}@y.com`, `l${n}@outlook.com`][k % 6];
        set(row, { UserPrincipalName: upn, UserType: ['Guest', 'Member', ''][j % 7 === 6 ? 1 : j % 5 === 4 ? 2 : 0], AppId: apps[j % 13 === 12 ? 2 : j % 17 === 16 ? 3 : j % 2],
          TimeGenerated: NOW - (j % 19 === 18 ? 2 * TICKS_PER_HOUR : 0) - (2 * k + (table === 'SigninLogs' ? 0 : 1)) * 5 * 10_000_000 - (j % 7) });
      });
    },
    sql: (now, query) => {
      const legs = ['SigninLogs', 'AADNonInteractiveUserSignInLogs'];
      const columns = unionColumns(legs.map((leg) => ({ leg, columns: tableColumns(leg) })));
      const union = legs.map((t) => `SELECT ${columns.filter((c) => c.from.has(t)).map((c) => `${q(c.from.get(t)!)} AS ${q(c.name)}`).join(', ')} FROM ${t}`).join(' UNION ALL BY NAME ');
      const apps = [...query.slice(query.indexOf('has_any', query.indexOf('AppId'))).matchAll(/"([0-9a-f-]{36})"/g)].map((m) => m[1]);
      const jt = (path: string) => jsonText(`json_extract(InitiatedBy, '${path}')`);
      const left = (u: string) => `replace(lower(CASE WHEN starts_with(lower(${u}), 'live.com#') THEN coalesce(string_split(${u}, '#')[2], '') ELSE string_split(${u}, '#EXT#')[1] END), '@', '_')`;
      return `
      WITH a AS (
        SELECT *, ${jt('$.app.displayName')} AS InitiatingAppName, ${jt('$.app.servicePrincipalId')} AS InitiatingAppServicePrincipalId,
               ${jt('$.user.userPrincipalName')} AS InitiatingUserPrincipalName, ${jt('$.user.id')} AS InitiatingAadUserId,
               CASE WHEN ${jt('$.user.ipAddress')} <> '' THEN ${jt('$.user.ipAddress')} ELSE ${jt('$.app.ipAddress')} END AS InitiatingIpAddress
        FROM AuditLogs WHERE TimeGenerated > ${ago(now, '1 DAY')} AND OperationName IN ('Invite external user', 'Bulk invite users - started (bulk)', 'Invite external user with reset invitation status')),
      b AS (SELECT * REPLACE (CASE WHEN InitiatingUserPrincipalName <> '' THEN InitiatingUserPrincipalName ELSE InitiatingAppName END AS InitiatedBy) FROM a),
      c AS (SELECT *, unnest(json_extract(TargetResources, '$[*]')) AS TargetResource FROM b),
      d AS (SELECT *, ${jsonText("json_extract(TargetResource, '$.userPrincipalName')")} AS InvitedUser FROM c WHERE lower(${jsonText("json_extract(TargetResource, '$.type')")}) = 'user'),
      e AS (SELECT *, unnest([InitiatedBy, InvitedUser]) AS UserToCompare FROM d),
      l AS (SELECT *, ${left('UserToCompare')} AS parsedUser, TimeGenerated AS InvitationTime FROM e WHERE ${hasAny('UserToCompare', ['live.com#', '#EXT#'])}),
      u AS (${union}),
      r0 AS (
        SELECT *, row_number() OVER (PARTITION BY UserPrincipalName ORDER BY TimeGenerated) AS rn FROM u
        WHERE TimeGenerated > ${ago(now, '1 HOUR')} AND UserType <> 'Member' AND ${hasAny('AppId', apps)}),
      r AS (SELECT *, replace(UserPrincipalName, '@', '_') AS parsedUser, TimeGenerated AS SigninTime FROM r0 WHERE rn = 1)
      SELECT l.InvitationTime, l.InitiatedBy, l.InitiatingUserPrincipalName, l.InitiatingAadUserId, l.InitiatingAppName, l.InitiatingAppServicePrincipalId, l.InitiatingIpAddress,
             l.OperationName, l.InvitedUser, r.SigninTime, r.Category AS SigninCategory, r.UserPrincipalName AS SigninUserPrincipalName, r.AppDisplayName, r.ResourceDisplayName,
             r.UserAgent, l.AdditionalDetails AS InvitationAdditionalDetails, l.TargetResources AS InvitationTargetResources,
             split_part(l.InvitedUser, '@', 1) AS InvitedUserName, split_part(l.InvitedUser, '@', 2) AS InvitedUserUPNSuffix,
             split_part(l.InitiatingUserPrincipalName, '@', 1) AS InitiatedByName, split_part(l.InitiatingUserPrincipalName, '@', 2) AS InitiatedByUPNSuffix
      FROM l JOIN r ON l.parsedUser = r.parsedUser`;
    },
  },
  {
    // datetime_diff('day', …) (day boundaries crossed), count/dcount/make_set by two keys, inner joins on an
    // address (one after mvexpand of a make_set(…, 15)), == of a string column against 0, in~, not(has_any) with
    // backslashed needles, a case chain of `matches regex` (a search) with extract(…, 1, …) (whose regexes, as the
    // rule has them, sometimes take three octets or nothing), isnotempty, the right's AppId and key renamed …1
    file: 'Detections/MultipleDataSources/DisabledAccIPSigninWithRareRiskyOps.yaml',
    tables: ['SigninLogs', 'OfficeActivity'],
    unordered: ['disabledAccountSet', 'applicationSet'],
    minRows: 40,
    prepare: (table, data) => {
      const set = setter(data);
      const ips = ['10.1.2.3', '10.1.2.4', '2001:db8::1', '10.9.9.9', '1.2.4'];
      if (table === 'SigninLogs') {
        return data.rows.forEach((row, i) => {
          set(row, { ResultType: ['50057', '0', '50126'][i % 7 === 6 ? 2 : i % 2], IPAddress: ips[(i >> 1) % ips.length], AppId: ['app1', 'app2'][(i >> 2) % 2],
            UserPrincipalName: `u${i % 6}@contoso.com`, AppDisplayName: ['Teams', 'Outlook', ''][i % 3],
            // an address's last sign-in early in a day, so that one day boundary can span more than a day
            TimeGenerated: NOW - (i % 23 === 22 ? 8 : 2 + (i % 5)) * TICKS_PER_DAY + ((i >> 1) % 5) * 3 * TICKS_PER_HOUR + i * TICKS_PER_MINUTE });
        });
      }
      const ops = ['Add-MailboxPermission', 'set-mailbox', 'New-InboxRule', 'Remove-Mailbox'];
      const users = ['alice@contoso.com', 'NT AUTHORITY\\SYSTEM (w3wp)', 'bob@contoso.com', 'nt authority\\system (Microsoft.Exchange.ServiceHost)', 'devilfish-applicationaccount'];
      const clients = ['10.1.2.3', '[10.1.2.3]-443', '10.1.2.4-443', '2001:db8::1', '[2001:db8::1]-443', '[2001:db8::1]', '10.1.2.3:8080', '', '10.1.2.4', 'x 10.9.9.9 y'];
      data.rows.forEach((row, i) => {
        set(row, { Operation: ops[i % ops.length], UserId: users[(i >> 2) % users.length], ClientIP: clients[(i * 3) % clients.length],
          TimeGenerated: NOW - (i % 5) * TICKS_PER_DAY - i, ElevationTime: NOW - (i % 4) * TICKS_PER_DAY - (i % 7) * 3 * TICKS_PER_HOUR - i * TICKS_PER_MINUTE });
      });
    },
    sql: (now, query) => {
      const unescape = (x: string) => x.replace(/\\(.)/g, '$1');
      const cases = [...query.matchAll(/ClientIP matches regex @'([^']*)', (?:tostring\(extract\('((?:[^'\\]|\\.)*)', 1, ClientIP\)\)|ClientIP)/g)]
        .map((m) => `WHEN regexp_matches(${str('ClientIP')}, ${sq(m[1])}) THEN ${m[2] === undefined ? str('ClientIP') : `coalesce(regexp_extract(${str('ClientIP')}, ${sq(unescape(m[2]))}, 1), '')`}`);
      if (cases.length !== 8) throw new Error(`expected 8 branches of the case, found ${cases.length}`);
      const ops = [...query.slice(query.indexOf('Operation in~')).matchAll(/"([^"]*)"/g)].slice(0, 7).map((m) => m[1]);
      const accounts = [...query.slice(query.indexOf('UserId has_any')).matchAll(/'((?:[^'\\]|\\.)*)'/g)].slice(0, 3).map((m) => unescape(m[1]));
      const office = tableColumns('OfficeActivity').map((c) => c.name).map((c) => (c === 'AppId' ? `r.AppId AS AppId1` : `r.${q(c)}`));
      return `
      WITH f AS (
        SELECT ${str('IPAddress')} AS IPAddress, AppId, min(TimeGenerated) AS StartTime, max(TimeGenerated) AS EndTime, count(*) AS disabledAccountLoginAttempts,
               count(DISTINCT ${str('UserPrincipalName')}) AS disabledAccountsTargeted, list(DISTINCT ${str('UserPrincipalName')}) AS disabledAccountSet,
               list(DISTINCT ${str('AppDisplayName')}) AS applicationSet
        FROM SigninLogs WHERE TimeGenerated > ${ago(now, '7 DAY')} AND ResultType = '50057' GROUP BY 1, 2),
      s AS (
        SELECT ${str('IPAddress')} AS IPAddress, min(TimeGenerated) AS successSigninStart, max(TimeGenerated) AS successSigninEnd,
               count(DISTINCT ${str('UserPrincipalName')}) AS successfulAccountSigninCount, list(DISTINCT ${str('UserPrincipalName')}) AS successfulAccountSigninSet
        FROM SigninLogs WHERE TimeGenerated > ${ago(now, '7 DAY')} AND ResultType = '0' GROUP BY 1 HAVING count(DISTINCT ${str('UserPrincipalName')}) < 100),
      l AS (
        SELECT f.StartTime, f.EndTime, f.IPAddress, f.disabledAccountLoginAttempts, f.disabledAccountsTargeted, to_json(f.disabledAccountSet) AS disabledAccountSet,
               to_json(f.applicationSet) AS applicationSet, s.successfulAccountSigninCount, to_json(unnest(s.successfulAccountSigninSet)) AS successfulAccountSigninSet,
               s.successSigninStart, s.successSigninEnd, f.AppId, f.IPAddress AS IPCustomEntity
        FROM f JOIN s ON f.IPAddress = s.IPAddress WHERE s.successfulAccountSigninCount <> 0),
      r AS (
        SELECT * FROM (
          SELECT *, CASE ${cases.join(' ')} ELSE '' END AS IPCustomEntity, ElevationTime AS OfficeTimeStamp, UserId AS UserPrincipalName FROM OfficeActivity
          WHERE TimeGenerated > ${ago(now, '7 DAY')} AND ${inCi('Operation', ops)} AND NOT ${hasAny(str('UserId'), accounts)})
        WHERE IPCustomEntity <> '')
      SELECT l.*, ${office.join(', ')}, r.IPCustomEntity AS IPCustomEntity1, r.OfficeTimeStamp, r.UserPrincipalName
      FROM l JOIN r ON l.IPCustomEntity = r.IPCustomEntity
      WHERE r.OfficeTimeStamp >= l.successSigninStart AND date_diff('day', l.successSigninEnd, r.OfficeTimeStamp) <= 1`;
    },
  },
  {
    // parse kind=regex flags=iU (case-insensitive; U makes the column and `*` take the shortest text:
    // parse-operator.md, "Regex mode with regex flags"), in~, the legacy replace(regex, rewrite, text), =~ of two
    // columns, a bool column from !contains compared with 0 (bool.md: true is 1, false 0), dcount by nine keys
    file: 'Microsoft Defender XDR/AccountCreation.yaml',
    tables: ['DeviceProcessEvents'],
    minRows: 30,
    prepare: (_, data) => {
      const set = setter(data);
      const lines = ['net user alice pw /ad', 'NET USER Carol pw /ADD /DO', 'net user dave /adx', 'net user bob P@ss1 /add', 'net user grace pw /add /domain', 'net user  /ad',
        'net localgroup administrators eve /add', 'net users frank x /ad', 'net user heidi pw /add /do user ivan /ad', 'cmd /c net user judy /ad', 'net1 user bob P@ss1 /ad',
        'net1 user netadmin pw /ad'];
      data.rows.forEach((row, i) => {
        const line = lines[(i * 5) % lines.length];
        const child = line.startsWith('net1');
        set(row, { FileName: child ? 'net1.exe' : ['net.exe', 'NET.EXE', 'net1.exe', 'whoami.exe'][i % 7 === 6 ? 3 : i % 5 === 4 ? 1 : i % 11 === 10 ? 2 : 0], ProcessCommandLine: line,
          InitiatingProcessFileName: child && i % 3 ? 'net.exe' : ['cmd.exe', 'net.exe'][i % 2], InitiatingProcessCommandLine: child && i % 2 ? line.replace('net1 ', 'net ') : 'cmd.exe',
          DeviceName: ['ws1.contoso.com', 'WS2'][i % 2], ProcessId: 1000 + (i % 4) });
      });
    },
    sql: () => {
      const created = `regexp_extract(${str('ProcessCommandLine')}, '(?i)^.*?user (.*?) .*?/ad', 1)`;
      return `
      WITH a AS (
        SELECT *, ${created} AS CreatedUser FROM DeviceProcessEvents WHERE ${inCi('FileName', ['net.exe', 'net1.exe'])}),
      b AS (
        SELECT *, NOT ${contains('ProcessCommandLine', '/do')} AS CreatedOnLocalMachine FROM a
        WHERE CreatedUser <> '' AND NOT (${inCi('FileName', ['net1.exe'])} AND ${inCi('InitiatingProcessFileName', ['net.exe'])}
          AND lower(regexp_replace(${str('InitiatingProcessCommandLine')}, 'net', 'net1', 'g')) = lower(${str('ProcessCommandLine')})))
      SELECT *, ${HOST_AND_DOMAIN} FROM (
        SELECT CreatedUser, CreatedOnLocalMachine, InitiatingProcessFileName, FileName, ProcessId, ProcessCommandLine, InitiatingProcessCommandLine, DeviceId, DeviceName,
               count(DISTINCT ${str('DeviceName')}) AS MachineCount
        FROM b WHERE NOT ${contains('ProcessCommandLine', '/add')} OR (NOT CreatedOnLocalMachine AND NOT ${contains('ProcessCommandLine', '/domain')})
        GROUP BY ALL)`;
    },
  },
  {
    // nine extract(regex, group, text) of squid access-log lines (groups that did not take part give ""), toint of
    // one, extract(…, 0, …), contains, == on an extracted status, has_any of a dynamic let of dotted domains
    file: 'Syslog/squid_tor_proxies.yaml',
    tables: ['Syslog'],
    minRows: 30,
    prepare: (_, data) => {
      const set = setter(data);
      const lines = ['1700000000.123    150 10.0.0.5 TCP_MISS/200 1234 GET http://abc.onion.to/page - HIER_DIRECT/1.2.3.4 text/html',
        '1700000001.456    90 10.0.0.6 TCP_TUNNEL/200 5000 CONNECT tor2web.org:443 alice HIER_DIRECT/5.6.7.8 -',
        '1700000002.789    12 10.0.0.7 TCP_DENIED/403 0 GET http://onion.to/x - HIER_NONE/- text/plain',
        '1700000003.000    33 192.168.1.9 UDP_HIT/200 77 GET https://s1.tor-gateways.de/a bob HIER_DIRECT/9.9.9.9 application/json',
        '1700000004.000    44 10.0.0.8 TCP_MISS_ABORTED/200 10 CONNECT xonion.to:8443 - HIER_DIRECT/1.1.1.1 -',
        '1700000005.000    55 10.0.0.9 TCP_MISS/200 99 GET http://example.com/onion.to - HIER_DIRECT/2.2.2.2 text/html',
        '1700000006.000    66 10.0.0.10 TCP_REFRESH_MODIFIED/200 123 POST http://www.TOR2WEB.IO/upload carol HIER_DIRECT/3.3.3.3 text/html', 'garbage'];
      data.rows.forEach((row, i) => set(row, { ProcessName: ['squid', '(squid-1)', 'nginx'][i % 7 === 6 ? 2 : i % 2], SyslogMessage: lines[(i * 3) % lines.length] }));
    },
    sql: (_, query) => {
      const unescape = (x: string) => x.replace(/\\(.)/g, '$1');
      const extracts = [...query.matchAll(/(\w+) = (toint\()?extract\("((?:[^"\\]|\\.)*)",(\d+),SyslogMessage\)/g)].map((m) => {
        const value = `regexp_extract(${str('SyslogMessage')}, ${sq(unescape(m[3]))}, ${m[4]})`;
        return `${m[2] ? `TRY_CAST(NULLIF(${value}, '') AS INTEGER)` : value} AS ${m[1]}`;
      });
      if (extracts.length !== 9) throw new Error(`expected 9 extracts, found ${extracts.length}`);
      const domains = [.../dynamic\(\[([^\]]*)\]\)/s.exec(query)![1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      return `
      SELECT *, TimeGenerated AS timestamp, URL AS URLCustomEntity, SourceIP AS IPCustomEntity, "User" AS AccountCustomEntity FROM (
        SELECT *, regexp_extract(Domain, '\\.[a-z]*$', 0) AS TLD FROM (SELECT *, ${extracts.join(', ')} FROM Syslog WHERE ${contains('ProcessName', 'squid')}))
      WHERE HTTP_Status_Code = '200' AND contains(Domain, '.') AND ${hasAny('Domain', domains)}`;
    },
  },
  {
    // a function over table(name) with materialize, distinct, leftouter then `TimeGenerated > TimeGenerated1 or
    // isempty(TimeGenerated1)`, `matches regex` of a let, summarize by with renames only, inner join on UserId then
    // extend replacing two columns, T | union U (U has one column more), todynamic of a dynamic and of a string
    // column, extend replacing a dynamic Status by a string, tostring of paths, make_list ×3 + dcount + count by
    // eight keys, mvexpand of three lists in parallel, todatetime(tostring(a datetime in a dynamic)), min/max by
    // twelve keys, the union of the two calls
    file: 'Microsoft Entra ID/FailedLogonToAzurePortal.yaml',
    edits: [['let threshold_Failed = 5;', 'let threshold_Failed = 2;']],
    tables: ['SigninLogs', 'AADNonInteractiveUserSignInLogs'],
    minRows: 40,
    prepare: (table, data) => {
      const set = setter(data);
      const signin = table === 'SigninLogs';
      const devices: Value[] = [{ operatingSystem: 'Windows 10', browser: 'Edge' }, { operatingSystem: 'iOS', browser: 'Safari' }, {}, null];
      const places: Value[] = [{ countryOrRegion: 'NL', state: 'NH', city: 'Amsterdam' }, { countryOrRegion: 'US', state: '', city: 'Seattle' }, null];
      data.rows.forEach((row, i) => {
        const device = devices[(i >> 1) % devices.length];
        const place = places[(i >> 2) % places.length];
        set(row, { AppDisplayName: ['Azure Portal', 'azure portal', 'Office'][i % 9 === 8 ? 2 : i % 5 === 4 ? 1 : 0], ResultType: ['50126', '0', '50125', '70044', '50053'][i % 5],
          TimeGenerated: NOW - (i % 19 === 18 ? 3 * TICKS_PER_DAY : 0) - (i % 30) * 45 * TICKS_PER_MINUTE - i, UserPrincipalName: `u${i % 4}@contoso.com`, UserId: `id${i % 4}`,
          Identity: i % 3 === 0 ? `1a2b3c4d-0000-4000-8000-00000000000${i % 4}` : `User ${i % 4}`, UserDisplayName: [`User ${i % 4}`, ''][i % 7 === 6 ? 1 : 0],
          IPAddress: ['10.0.0.1', '10.0.0.2', '10.0.0.3'][(i >> 3) % 3], ResultDescription: ['Invalid password', ''][i % 2], Type: table,
          DeviceDetail: signin ? device : i % 11 === 10 ? 'not json' : JSON.stringify(device), LocationDetails: signin ? place : JSON.stringify(place) });
      });
    },
    sql: (now, query) => {
      const guid = /let isGUID = "([^"]*)"/.exec(query)![1];
      const path = (json: string, p: string) => jsonText(`json_extract(${json}, '${p}')`);
      const leg = (t: string) => {
        const dd = t === 'SigninLogs' ? 'DeviceDetail' : 'TRY_CAST(DeviceDetail AS JSON)';
        const ld = t === 'SigninLogs' ? 'LocationDetails' : 'TRY_CAST(LocationDetails AS JSON)';
        return `
      az_${t} AS (SELECT * FROM ${t} WHERE TimeGenerated >= ${ago(now, '7 DAY')} AND ${inCi('AppDisplayName', ['Azure Portal'])}),
      succ_${t} AS (SELECT DISTINCT TimeGenerated, ${str('UserPrincipalName')} AS UserPrincipalName FROM az_${t} WHERE TimeGenerated >= ${ago(now, '1 DAY')} AND ResultType IN ('0', '50125', '50140')),
      fail_${t} AS (
        SELECT *, regexp_matches(${str('Identity')}, ${sq(guid)}) AS Unresolved FROM az_${t}
        WHERE TimeGenerated >= ${ago(now, '1 DAY')} AND ${str('ResultType')} NOT IN ('0', '50125', '50140', '70044', '70043')),
      fns_${t} AS (
        SELECT f.* FROM fail_${t} f LEFT JOIN succ_${t} s ON ${str('f.UserPrincipalName')} = s.UserPrincipalName
        WHERE f.TimeGenerated > s.TimeGenerated OR s.TimeGenerated IS NULL),
      idl_${t} AS (
        SELECT DISTINCT ${str('UserId')} AS UserId, ${str('UserDisplayName')} AS lu_UserDisplayName, ${str('UserPrincipalName')} AS lu_UserPrincipalName FROM az_${t}
        WHERE NOT regexp_matches(${str('Identity')}, ${sq(guid)})),
      u_${t} AS (
        SELECT * FROM fns_${t} WHERE NOT Unresolved
        UNION ALL
        SELECT f.* REPLACE (i.lu_UserDisplayName AS UserDisplayName, i.lu_UserPrincipalName AS UserPrincipalName) FROM fns_${t} f JOIN idl_${t} i ON ${str('f.UserId')} = i.UserId WHERE f.Unresolved),
      v_${t} AS (
        SELECT ${str('UserPrincipalName')} AS UserPrincipalName, ${str('UserId')} AS UserId, ${str('UserDisplayName')} AS UserDisplayName, ${str('AppDisplayName')} AS AppDisplayName,
               ${path(dd, '$.browser')} AS Browser, ${path(dd, '$.operatingSystem')} AS OS,
               ${path(ld, '$.countryOrRegion')} || '|' || ${path(ld, '$.state')} || '|' || ${path(ld, '$.city')} AS FullLocation, ${str('Type')} AS Type,
               TimeGenerated, ${str('ResultType')} || ': ' || ${str('ResultDescription')} AS Status, ${str('IPAddress')} AS IPAddress
        FROM u_${t}),
      g_${t} AS (
        SELECT ${KEYS}, count(*) AS FailedLogonCount, count(DISTINCT IPAddress) AS IPAddressCount FROM v_${t} GROUP BY ALL),
      r_${t} AS (
        SELECT v.UserPrincipalName, v.UserId, v.UserDisplayName, v.Status, g.FailedLogonCount, v.IPAddress, g.IPAddressCount, v.AppDisplayName, v.Browser, v.OS, v.FullLocation, v.Type,
               min(v.TimeGenerated) AS StartTime, max(v.TimeGenerated) AS EndTime
        FROM v_${t} v JOIN g_${t} g USING (${KEYS})
        WHERE (g.IPAddressCount >= 2 AND g.FailedLogonCount >= 2) OR g.FailedLogonCount >= 20
        GROUP BY ALL)`;
      };
      return `
      WITH ${leg('SigninLogs')}, ${leg('AADNonInteractiveUserSignInLogs')}
      SELECT *, StartTime AS timestamp, split_part(UserPrincipalName, '@', 1) AS Name, split_part(UserPrincipalName, '@', 2) AS UPNSuffix
      FROM (SELECT * FROM r_SigninLogs UNION ALL SELECT * FROM r_AADNonInteractiveUserSignInLogs)`;
    },
  },
  {
    // make-series sum(…) on TimeGenerated step 1d by two keys without from/to (each series from its first to its
    // last bin with data: every key has data on the first and the last day, so the bins between, some empty,
    // take the default 0), summarize by bin(startofday(…), 1d) named after its column, dcount(x, accuracy),
    // union isfuzzy of tables whose LocationDetails/DeviceDetail differ in type (…_dynamic), strcat of dynamic
    // values, materialize, mv-expand of four series in parallel to typeof(double|datetime|long), inner join on
    // two keys, bag_pack with a datetime inside (ISO text in a dynamic), make_set of bags, split(…)[0] kept dynamic.
    // series_decompose_anomalies has no DuckDB twin: the series stands in for its outputs and every bin is kept
    file: 'Microsoft Entra ID/AnomalousUserAppSigninLocationIncrease-detection.yaml',
    edits: [['| where dcount_Location > 2', '| where dcount_Location > 0'],
      ["(Anomalies, Score, Baseline) = series_decompose_anomalies(CountOfLocations, sensitivity, -1, 'linefit')", 'Anomalies = CountOfLocations, Score = CountOfLocations, Baseline = CountOfLocations'],
      ['| where Anomalies > 0 and Baseline > 0', '| where Anomalies >= 0 and Baseline >= 0']],
    tables: ['SigninLogs', 'AADNonInteractiveUserSignInLogs'],
    unordered: ['SignInDetailsSet'],
    minRows: 100,
    prepare: (table, data) => {
      const set = setter(data);
      data.rows.forEach((row, i) => {
        const key = i % 4;
        const daysAgo = [6, 0, 2, 4, 6, 0, 5][(i >> 2) % 7];
        const places: Value[] = [{ countryOrRegion: 'NL', state: '', city: 'Amsterdam' }, { countryOrRegion: 'US', state: 'WA', city: 'Seattle' }, null, {}, { countryOrRegion: 'DE', city: 7 }];
        const place = places[(i >> 1) % places.length];
        set(row, { AppId: ['app1', 'app2'][key % 2], UserId: ['id1', 'id2'][key >> 1], AppDisplayName: ['Teams', 'Outlook'][key % 2],
          UserPrincipalName: [['a@contoso.com', 'b@contoso.com'][key >> 1], 'nobody'][i % 9 === 8 ? 1 : 0], ResultType: ['0', '0', '50126'][i % 3],
          IPAddress: ['1.1.1.1', '2.2.2.2'][(i >> 3) % 2], TimeGenerated: NOW - (daysAgo + 1) * TICKS_PER_DAY + (1 + (i % 20)) * TICKS_PER_HOUR + i,
          LocationDetails: table === 'SigninLogs' ? place : JSON.stringify(place), DeviceDetail: table === 'SigninLogs' ? { operatingSystem: ['Windows 10', 'iOS'][(i >> 2) % 2] } : '{}' });
      });
    },
    sql: (now) => {
      const loc = (p: string) => jsonText(`json_extract(LocationDetails, '${p}')`);
      return `
      WITH ae AS (
        SELECT * FROM (
          SELECT TimeGenerated, ${str('UserId')} AS UserId, ${str('AppId')} AS AppId, ${str('UserPrincipalName')} AS UserPrincipalName, ${str('AppDisplayName')} AS AppDisplayName,
                 ${str('IPAddress')} AS IPAddress, DeviceDetail, ${loc('$.countryOrRegion')} || '-' || ${loc('$.state')} || '-' || ${loc('$.city')} AS Location
          FROM SigninLogs WHERE TimeGenerated BETWEEN ${ago(now, '7 DAY')} AND ${ago(now, '0 DAY')} AND ResultType = '0')
        WHERE Location <> '--'),
      d AS (
        SELECT AppDisplayName, AppId, UserPrincipalName, UserId, time_bucket(INTERVAL 1 DAY, TimeGenerated) AS TimeGenerated, count(DISTINCT Location) AS dcount_Location
        FROM ae GROUP BY ALL),
      bins AS (
        SELECT AppId, UserId, unnest(generate_series(min(TimeGenerated)::TIMESTAMP, max(TimeGenerated)::TIMESTAMP, INTERVAL 1 DAY)) AS TimeGenerated FROM d GROUP BY AppId, UserId),
      cl AS (
        SELECT b.AppId, b.UserId, b.TimeGenerated, coalesce(sum(d.dcount_Location), 0)::DOUBLE AS CountOfLocations
        FROM bins b LEFT JOIN d ON d.AppId = b.AppId AND d.UserId = b.UserId AND d.TimeGenerated = b.TimeGenerated GROUP BY ALL),
      j AS (
        SELECT cl.*, ae.UserPrincipalName, ae.AppDisplayName,
               json_object('TimeGenerated', ${datetimeInDynamic('ae.TimeGenerated')}, 'Location', ae.Location, 'Source', ae.IPAddress, 'Device', ae.DeviceDetail) AS SignInDetails
        FROM cl JOIN ae ON cl.UserId = ae.UserId AND cl.AppId = ae.AppId)
      SELECT UserId, UserPrincipalName, CountOfLocations, TimeGenerated, AppId, AppDisplayName, to_json(list(DISTINCT SignInDetails)) AS SignInDetailsSet,
             to_json(split_part(UserPrincipalName, '@', 1)) AS Name, CASE WHEN contains(UserPrincipalName, '@') THEN to_json(split_part(UserPrincipalName, '@', 2)) END AS UPNSuffix
      FROM j GROUP BY UserId, UserPrincipalName, CountOfLocations, TimeGenerated, AppId, AppDisplayName`;
    },
  },
];
