// The second round of corpus rules for the DuckDB oracle (test/unit/engineOracle.test.ts), chosen for what the
// first round (rules.ts) does not reach: extract/extract_all with groups, arrays built by make_set/make_list and
// read back (array_length, array_index_of, indexing), mv-expand of two columns in parallel, sessions
// (row_window_session, prev), union of tables with other columns, toscalar, leftsemi, arg_min of a tuple,
// ipv4_is_private, case chains, leftouter with unmatched rows, round/avg/coalesce. The same conventions as rules.ts.
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, ticksFromUnixMs, type Value } from '../../../server/src/engine/values';
import type { Table } from '../../../server/src/engine/table';
import { loadCatalogue } from '../../../server/src/kql/catalogue';
import { ago, contains, datetimeInDynamic, has, hasAny, inCi } from './kqlSql';
import { jsonText, type OracleRule } from './rules';

/** Sets named cells of a generated row. */
export function setter(data: Table): (row: Value[], values: Record<string, Value>) => void {
  const col = (name: string) => {
    const j = data.columns.findIndex((c) => c.name === name);
    if (j < 0) throw new Error(`no column ${name}`);
    return j;
  };
  return (row, values) => { for (const [k, v] of Object.entries(values)) row[col(k)] = v; };
}

/** The quoted strings of the `(…)` list that follows `marker` in the query (a long literal list). */
function listAfter(query: string, marker: string): string[] {
  const at = query.indexOf(marker);
  if (at < 0) throw new Error(`${marker} not in the query`);
  const out: string[] = [];
  const re = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*([,)])/y;
  re.lastIndex = query.indexOf('(', at + marker.length) + 1;
  for (let m = re.exec(query); m; m = m[3] === ')' ? null : re.exec(query)) out.push((m[1] ?? m[2]).replace(/\\(.)/g, '$1'));
  return out;
}

/** The run's now (2024-01-01, engineOracle.test.ts NOW_ISO) in ticks, for datetimes the data must have. */
export const NOW = ticksFromUnixMs(Date.UTC(2024, 0, 1));

/**
 * `ipv4_is_private(ip)`: null unless the text is an IPv4 address (four decimal octets up to 255), else whether it
 * is in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (ipv4-is-private-function.md).
 */
function ipv4IsPrivate(ip: string): string {
  const o = (n: number) => `TRY_CAST(string_split(${ip}, '.')[${n}] AS INTEGER)`;
  return `CASE WHEN regexp_full_match(${ip}, '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}') AND greatest(${o(1)}, ${o(2)}, ${o(3)}, ${o(4)}) <= 255
    THEN ${o(1)} = 10 OR (${o(1)} = 172 AND ${o(2)} BETWEEN 16 AND 31) OR (${o(1)} = 192 AND ${o(2)} = 168) END`;
}

/** A table's catalogue columns (name and type). */
export const tableColumns = (table: string) => loadCatalogue([]).tables.get(table)!.columns.map((c) => ({ name: c.name, type: String(c.type) }));

/**
 * The columns of `union` (kind=outer) of the legs, in order: one per name and type, a name of several types
 * suffixed with _type (union-operator.md, "Source columns types mismatch"); each with the column of each leg it
 * takes. Names in order of first appearance, a name's types side by side in order of appearance (the docs' examples
 * cannot tell this from all types in order of appearance; it is Kusto.Language's schema).
 */
export function unionColumns(legs: { leg: string; columns: { name: string; type: string }[] }[]): { name: string; from: Map<string, string> }[] {
  const seen: { name: string; type: string; from: Map<string, string> }[] = [];
  for (const { leg, columns } of legs) {
    for (const c of columns) {
      let col = seen.find((x) => x.name === c.name && x.type === c.type);
      if (!col) {
        col = { name: c.name, type: c.type, from: new Map() };
        const last = seen.map((x) => x.name).lastIndexOf(c.name);
        seen.splice(last < 0 ? seen.length : last + 1, 0, col);
      }
      col.from.set(leg, c.name);
    }
  }
  const types = (name: string) => seen.filter((x) => x.name === name).length;
  return seen.map((x) => ({ name: types(x.name) > 1 ? `${x.name}_${x.type}` : x.name, from: x.from }));
}

export const sq = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A string column as Kusto reads it: never null. */
export const str = (c: string) => `coalesce(${c}, '')`;

export const ORACLE_RULES_2: OracleRule[] = [
  {
    // =~ twice, make_set by one key read back with array_length (the set's distinct count), min/max
    file: 'Microsoft 365/MultipleTeamsDeletes.yaml',
    edits: [['let max_delete_count = 3;', 'let max_delete_count = 1;']],
    tables: ['OfficeActivity'],
    unordered: ['DeletedTeams'],
    minRows: 3,
    prepare: (_, data) => {
      const set = setter(data);
      data.rows.forEach((row, i) => {
        if (i % 4 === 3) return;
        set(row, { OfficeWorkload: ['MicrosoftTeams', 'microsoftteams', 'Teams'][i % 3], Operation: ['TeamDeleted', 'teamdeleted', 'TeamCreated'][(i >> 1) % 3],
          UserId: `u${i % 5}@contoso.com`, TeamName: ['Sales', 'sales', 'HR', '', 'Ops'][(i * 7) % 5] });
      });
    },
    sql: () => `
      SELECT UserId, min(TimeGenerated) AS StartTime, max(TimeGenerated) AS EndTime, to_json(list(DISTINCT ${str('TeamName')})) AS DeletedTeams,
             min(TimeGenerated) AS timestamp, UserId AS AccountCustomEntity
      FROM OfficeActivity WHERE ${inCi('OfficeWorkload', ['MicrosoftTeams'])} AND ${inCi('Operation', ['TeamDeleted'])}
      GROUP BY UserId HAVING count(DISTINCT ${str('TeamName')}) > 1`,
  },
  {
    // extract_all with two groups (an array of [g1, g2] per match; null when nothing matches: extract-all-function.md),
    // indexing into it, isnotempty of a dynamic, split into a dynamic array, array_length, iff of a dynamic element
    // and a string (typed string by the analyzer)
    file: 'Azure Activity/SubscriptionMigration.yaml',
    tables: ['AzureActivity'],
    minRows: 20,
    prepare: (_, data) => {
      const set = setter(data);
      const g = (i: number) => `${(0x1a2b3c4d + i).toString(16)}-0a1b-4c2d-8e3f-${(0x10000000000 + i * 7919).toString(16).padStart(12, '0')}`;
      const messages = (i: number) => [
        `Subscription moved from tenant ${g(i)} to tenant ${g(i + 1)}`,
        `moved from tenant ${g(i)} to tenant ${g(i + 2)}; moved from tenant ${g(i + 3)} to tenant ${g(i + 4)}`,
        `moved from tenant ${g(i).toUpperCase()} to tenant ${g(i + 1).toUpperCase()}`,
        'moved from tenant nowhere to tenant elsewhere', '',
      ][i % 5];
      data.rows.forEach((row, i) => {
        if (i % 5 === 4) return;
        set(row, { OperationNameValue: ['Microsoft.Subscription/updateTenant/action', 'MICROSOFT.SUBSCRIPTION/UPDATETENANT/ACTION'][i % 7 === 6 ? 1 : 0],
          Properties_d: i % 11 === 10 ? null : { message: messages(Math.floor(i / 2)), other: i },
          Caller: ['a@contoso.com', 'svc-principal', 'x@y@z', '', 'B@Fabrikam.com'][i % 5] });
      });
    },
    sql: () => {
      const re = '(?:moved from tenant ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) to tenant ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))';
      const msg = jsonText("json_extract(Properties_d, '$.message')");
      return `
      WITH a AS (
        SELECT *, ${msg} AS msg, string_split(${str('Caller')}, '@') AS parts FROM AzureActivity
        WHERE OperationNameValue = 'Microsoft.Subscription/updateTenant/action')
      SELECT * EXCLUDE (msg, parts),
             CASE WHEN regexp_matches(msg, ${sq(re)}) THEN to_json(list_transform(regexp_extract_all(msg, ${sq(re)}, 0), m -> [regexp_extract(m, ${sq(re)}, 1), regexp_extract(m, ${sq(re)}, 2)])) END AS EventCapture,
             CASE WHEN regexp_matches(msg, ${sq(re)}) THEN regexp_extract(msg, ${sq(re)}, 1) ELSE '' END AS SourceTenant,
             CASE WHEN regexp_matches(msg, ${sq(re)}) THEN regexp_extract(msg, ${sq(re)}, 2) ELSE '' END AS DestinationTenant,
             to_json(parts) AS UserParts,
             CASE WHEN len(parts) = 2 THEN parts[1] ELSE ${str('Caller')} END AS UserName,
             CASE WHEN len(parts) = 2 THEN parts[2] ELSE '' END AS UserUPNSuffix,
             json_extract(Properties_d, '$.message') AS Summary
      FROM a`;
    },
  },
  {
    // in~ a list, not(has_any with backslash and parenthesised needles and in~), extract_all with a named group
    // selected by name (a flat array: one group), [0] of it and tostring (null → ""), split(…)[1] past the end
    file: 'Microsoft 365/RareOfficeOperations.yaml',
    tables: ['OfficeActivity'],
    minRows: 40,
    prepare: (_, data) => {
      const set = setter(data);
      const ops = ['Add-MailboxPermission', 'set-mailbox', 'New-InboxRule', 'SET-TRANSPORTRULE', 'Remove-Mailbox'];
      const users = ['NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)', 'nt authority\\system (w3wp)', 'alice@contoso.com', 'devilfish-applicationaccount', 'XNT AUTHORITY\\SYSTEM (w3wp)', 'bob'];
      const ips = ['[::ffff:10.1.2.3]:4431', '10.1.2.3:80', '[2001:db8::1]:443', '2001:db8::2', '', '::ffff:192.168.0.9', ']', '1.2.3.4'];
      data.rows.forEach((row, i) => {
        set(row, { Operation: ops[i % ops.length], UserId: users[Math.floor(i / 5) % users.length], ClientIP: ips[(i * 3) % ips.length] });
      });
    },
    sql: (_, query) => {
      const ops = listAfter(query, 'Operation in~');
      const accounts = listAfter(query, 'UserId has_any');
      const re = String.raw`\[?(::ffff:)?(?P<IPAddress>(\d+\.\d+\.\d+\.\d+)|[^\]]+)\]?`;
      return `
      SELECT *, CASE WHEN regexp_matches(${str('ClientIP')}, ${sq(re)}) THEN regexp_extract(ClientIP, ${sq(re)}, 2) ELSE '' END AS ClientIPOnly,
             split_part(${str('UserId')}, '@', 1) AS AccountName, split_part(${str('UserId')}, '@', 2) AS AccountUPNSuffix
      FROM OfficeActivity
      WHERE ${inCi('Operation', ops)} AND NOT (${hasAny('UserId', accounts)} AND ${inCi('Operation', ['Add-MailboxPermission', 'Set-Mailbox'])})`;
    },
  },
  {
    // extract of one group (no match → ""), the default join kind innerunique on three keys (one left row per key:
    // the first in the file), count/min/max by three keys, datetime − datetime (a timespan), project with renames,
    // sort … asc nulls last
    file: 'Syslog/FailedLogonAttempts_UnknownUser.yaml',
    edits: [['let threshold = 15;', 'let threshold = 2;']],
    tables: ['Syslog'],
    rowIds: true,
    minRows: 3,
    prepare: (_, data) => {
      const set = setter(data);
      const messages = ['pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.5  user=root',
        'authentication failure; uid=0 rhost=192.168.1.20', 'Authentication Failure; UID=0 rhost=host.example', 'authentication failure; uid=00 rhost=10.0.0.6',
        'pam_unix(sshd:auth): check pass; user unknown', 'USER UNKNOWN', 'authentication failure; uid=0'];
      data.rows.forEach((row, i) => {
        set(row, { Facility: ['authpriv', 'AuthPriv', 'auth'][i % 7 === 6 ? 2 : i % 2], SyslogMessage: messages[(i * 5) % messages.length],
          Computer: `host${i % 3}`, HostIP: ['10.1.1.1', '10.1.1.2'][i % 2], ProcessID: 100 + (i % 4) });
      });
    },
    sql: () => `
      WITH l AS (
        SELECT _row, TimeGenerated, Computer, ProcessName, HostIP, regexp_extract(${str('SyslogMessage')}, '.*?rhost=([\\d.]+).*?', 1) AS RemoteIP, ProcessID
        FROM Syslog WHERE ${inCi('Facility', ['authpriv'])} AND ${has('SyslogMessage', 'authentication failure')} AND ${has('SyslogMessage', ' uid=0')}),
      lu AS (SELECT * FROM l WHERE _row IN (SELECT min(_row) FROM l GROUP BY Computer, HostIP, ProcessID)),
      r AS (SELECT Computer, HostIP, ProcessID FROM Syslog WHERE ${inCi('Facility', ['authpriv'])} AND ${has('SyslogMessage', 'user unknown')}),
      s AS (
        SELECT lu.Computer, lu.HostIP, lu.RemoteIP, min(lu.TimeGenerated) AS FirstLogonAttempt, max(lu.TimeGenerated) AS LatestLogonAttempt, count(*) AS TotalLogonAttempts
        FROM lu JOIN r ON lu.Computer = r.Computer AND lu.HostIP = r.HostIP AND lu.ProcessID = r.ProcessID
        GROUP BY lu.Computer, lu.HostIP, lu.RemoteIP)
      SELECT FirstLogonAttempt, LatestLogonAttempt, (epoch_ns(LatestLogonAttempt) - epoch_ns(FirstLogonAttempt)) // 100 AS TimeBetweenLogonAttempts, TotalLogonAttempts,
             RemoteIP AS SourceAddress, Computer AS DestinationHost, HostIP AS DestinationAddress,
             FirstLogonAttempt AS timestamp, Computer AS HostCustomEntity, HostIP AS IPCustomEntity
      FROM s WHERE TotalLogonAttempts >= 2`,
  },
  {
    // == and in (case-sensitive), parse_json of a dynamic (as is: parse-json-function.md), tostring of two-level
    // paths, [0] then a path, has, case with a strcat default, split(…)[i] kept dynamic, project-reorder.
    // `extend InitiatedBy = …` replaces the column where it was (extend-operator.md says it moves to the end;
    // Kusto.Language keeps it in place, and the engine follows the analyzer: docs/engine.md, extend)
    file: 'Microsoft Entra ID/NewOnmicrosoftDomainAdded.yaml',
    tables: ['AuditLogs'],
    minRows: 20,
    prepare: (_, data) => {
      const set = setter(data);
      const initiators: Value[] = [
        { user: { userPrincipalName: 'admin@contoso.com', id: 'u-1', ipAddress: '10.0.0.1' } },
        { app: { displayName: 'Provisioner', servicePrincipalId: 'sp-9' } },
        { user: { userPrincipalName: '', id: null }, app: { displayName: 'App2' } },
        { user: { userPrincipalName: 'ops@fabrikam.onmicrosoft.com', ipAddress: 42 } },
        null,
      ];
      const targets: Value[] = [[{ displayName: 'evil.onmicrosoft.com' }], [{ displayName: 'contoso.com' }, { displayName: 'x.onmicrosoft.com' }], [{ displayName: 'ONMICROSOFT.COM' }],
        [], [{ displayName: 'a.onmicrosoftx.com' }], { displayName: 'bag.onmicrosoft.com' }];
      data.rows.forEach((row, i) => {
        if (i % 6 === 5) return;
        set(row, { AADOperationType: ['Add', 'add'][i % 9 === 8 ? 1 : 0], Result: 'success', OperationName: ['Add verified domain', 'Add unverified domain', 'add verified domain'][i % 3],
          InitiatedBy: initiators[Math.floor(i / 2) % initiators.length], TargetResources: targets[(i * 5) % targets.length] });
      });
    },
    sql: (_, __, columns) => {
      const q = (c: string) => `"${c}"`;
      const path = (p: string) => jsonText(`json_extract(InitiatedBy, '${p}')`);
      const first = ['TimeGenerated', 'OperationName', 'DomainAdded', 'ActionInitiatedBy', 'InitiatingIp'];
      const rest = [...columns('AuditLogs'), 'InitiatingUser', 'InitiatingAadUserId', 'InitiatingApp', 'InitiatingSPID', 'UserName', 'UPNSuffix']
        .filter((c) => !first.includes(c));
      return `
      WITH a AS (
        SELECT *, ${path('$.user.userPrincipalName')} AS InitiatingUser, ${path('$.user.id')} AS InitiatingAadUserId, ${path('$.user.ipAddress')} AS InitiatingIp,
               ${path('$.app.displayName')} AS InitiatingApp, ${path('$.app.servicePrincipalId')} AS InitiatingSPID,
               ${jsonText("json_extract(TargetResources, '$[0].displayName')")} AS DomainAdded
        FROM AuditLogs WHERE AADOperationType = 'Add' AND Result = 'success' AND OperationName IN ('Add verified domain', 'Add unverified domain')),
      b AS (
        SELECT *, CASE WHEN InitiatingUser <> '' THEN InitiatingUser ELSE InitiatingApp || ' - ' || InitiatingSPID END AS ActionInitiatedBy,
               to_json(string_split(InitiatingUser, '@')[1]) AS UserName,
               CASE WHEN len(string_split(InitiatingUser, '@')) >= 2 THEN to_json(string_split(InitiatingUser, '@')[2]) END AS UPNSuffix
        FROM a WHERE ${has('DomainAdded', 'onmicrosoft')})
      SELECT ${[...first, ...rest].map(q).join(', ')} FROM b`;
    },
  },
  {
    // leftouter join with $left/$right on differently named keys: unmatched left rows keep null right cells
    // (strings ""), several right rows per key multiply; project-reorder; == on a string against a number column
    file: 'Windows Security Events/NonDCActiveDirectoryReplication.yaml',
    tables: ['SecurityEvent'],
    minRows: 20,
    prepare: (_, data) => {
      const set = setter(data);
      const props = ['%{1131f6aa-9c07-11d1-f79f-00c04fc2dcd2}', '{1131F6AD-9C07-11D1-F79F-00C04FC2DCD2} x', '89e95b76-444d-4c62-991a-0facbeda640c7', 'nothing'];
      data.rows.forEach((row, i) => {
        const logon = `0x${(i % 6).toString(16)}`;
        if (i % 2 === 0) {
          set(row, { EventID: 4662, ObjectServer: ['DS', 'ds'][i % 10 === 8 ? 1 : 0], AccountType: ['User', 'Machine'][i % 7 === 6 ? 1 : 0], Properties: props[(i >> 1) % props.length], SubjectLogonId: logon });
        } else {
          set(row, { EventID: 4624, LogonType: [3, 2][i % 5 === 4 ? 1 : 0], AccountType: ['User', 'Machine'][i % 9 === 8 ? 1 : 0], TargetLogonId: i % 13 === 12 ? '0x5' : `0x${((i + 2) % 8).toString(16)}`, IpAddress: `10.0.0.${i % 4}` });
        }
      });
    },
    sql: () => `
      WITH l AS (
        SELECT TimeGenerated, Account, Activity, Properties, SubjectLogonId, Computer FROM SecurityEvent
        WHERE EventID = 4662 AND ObjectServer = 'DS' AND ${str('AccountType')} <> 'Machine'
          AND (${has('Properties', '1131f6aa-9c07-11d1-f79f-00c04fc2dcd2')} OR ${has('Properties', '1131f6ad-9c07-11d1-f79f-00c04fc2dcd2')} OR ${has('Properties', '89e95b76-444d-4c62-991a-0facbeda640c')})),
      r AS (SELECT TargetLogonId, IpAddress FROM SecurityEvent WHERE EventID = 4624 AND LogonType = 3 AND ${str('AccountType')} <> 'Machine')
      SELECT l.TimeGenerated, l.Computer, l.Account, r.IpAddress, l.Activity, l.Properties, l.SubjectLogonId, r.TargetLogonId,
             l.TimeGenerated AS timestamp, l.Account AS AccountCustomEntity, l.Computer AS HostCustomEntity, r.IpAddress AS SourceAddress
      FROM l LEFT JOIN r ON ${str('l.SubjectLogonId')} = ${str('r.TargetLogonId')}`,
  },
  {
    // between two ago()s, !in, =~, count/min/max by nine keys, leftouter on eight keys (unmatched: CountPrev7day
    // null, right keys renamed …1 and empty), coalesce, a 21-branch case with a strcat default, iff with isempty,
    // round(…, 2), make_set with a limit by eight keys, sum of nulls (0: summarize-operator.md), avg ignoring nulls
    // (avg-aggregation-function.md), default names sum_X/avg_X, order by … desc
    file: 'Windows Security Events/ExcessiveLogonFailures.yaml',
    edits: [['let countlimit = 50;', 'let countlimit = 2;']],
    tables: ['SecurityEvent'],
    unordered: ['Computer', 'IpAddressList'],
    minRows: 10,
    prepare: (_, data) => {
      const set = setter(data);
      data.rows.forEach((row, i) => {
        if (i % 8 === 7) return;
        set(row, { EventID: [4625, 4624][i % 11 === 10 ? 1 : 0], AccountType: ['User', 'user', 'Machine'][i % 9 === 8 ? 2 : i % 2], IpAddress: ['10.0.0.1', '127.0.0.1', '::1', '-', ''][(i * 3) % 5 === 1 ? 1 : i % 4 === 3 ? 4 : 0],
          Account: `CONTOSO\\user${i % 2}`, LogonTypeName: '3 - Network', SubStatus: ['0xc000006a', '0xC0000064', '0xC0000999', ''][Math.floor(i / 3) % 4],
          Computer: `dc${i % 2}.contoso.com`, WorkstationName: ['WS1', '-', ''][(i >> 2) % 3], Process: ['NtLmSsp ', 'Kerberos'][(i >> 3) % 2],
          TimeGenerated: NOW - (i % 3 === 0 ? (1 + (i % 6)) * TICKS_PER_DAY : 0) - (1 + (i % 17)) * 5 * TICKS_PER_MINUTE - i });
      });
    },
    sql: (now, query) => {
      const reasons = [...query.matchAll(/SubStatus =~ '([^']*)', '([^']*)'/g)].map((m) => `WHEN lower(SubStatus) = ${sq(m[1].toLowerCase())} THEN ${sq(m[2])}`);
      const keys = ['EventID', 'Account', 'LogonTypeName', 'SubStatus', 'AccountType', 'Computer', 'WorkstationName', 'IpAddress'];
      const failures = `FROM SecurityEvent WHERE EventID = 4625 AND ${inCi('AccountType', ['User'])} AND ${str('IpAddress')} NOT IN ('127.0.0.1', '::1')`;
      const sel = keys.map((k) => (k === 'EventID' ? k : `${str(k)} AS ${k}`)).join(', ');
      return `
      WITH today AS (
        SELECT ${sel}, ${str('Process')} AS Process, min(TimeGenerated) AS StartTime, max(TimeGenerated) AS EndTime, count(*) AS CountToday
        ${failures} AND TimeGenerated >= ${ago(now, '1 DAY')} GROUP BY ALL),
      prev AS (SELECT ${sel}, count(*) AS CountPrev7day ${failures} AND TimeGenerated BETWEEN ${ago(now, '8 DAY')} AND ${ago(now, '1 DAY')} GROUP BY ALL),
      j AS (
        SELECT t.*, p.CountPrev7day FROM today t LEFT JOIN prev p ON ${keys.map((k) => `t.${k} = p.${k}`).join(' AND ')}
        WHERE t.CountToday >= coalesce(p.CountPrev7day, 0) * 0.333 AND t.CountToday >= 2),
      x AS (
        SELECT StartTime, EndTime, EventID, Account, LogonTypeName, SubStatus,
               CASE ${reasons.join(' ')} ELSE 'Unknown reason substatus: ' || SubStatus END AS Reason,
               AccountType, Computer, CASE WHEN WorkstationName = '-' OR WorkstationName = '' THEN Computer ELSE WorkstationName END AS WorkstationName,
               IpAddress, CountToday, CountPrev7day, round(CountPrev7day * 1.00 / 7, 2) AS Avg7Day, Process FROM j)
      SELECT EventID, Account, LogonTypeName, SubStatus, Reason, AccountType, WorkstationName, Process, min(StartTime) AS StartTime, max(EndTime) AS EndTime,
             to_json(list(DISTINCT Computer)) AS Computer, to_json(list(DISTINCT IpAddress)) AS IpAddressList, sum(CountToday) AS sum_CountToday,
             coalesce(sum(CountPrev7day), 0) AS sum_CountPrev7day, avg(Avg7Day) AS avg_Avg7Day,
             min(StartTime) AS timestamp, Account AS AccountCustomEntity, WorkstationName AS HostCustomEntity
      FROM x GROUP BY EventID, Account, LogonTypeName, SubStatus, Reason, AccountType, WorkstationName, Process`;
    },
  },
  {
    // now(), between two computed datetimes, toscalar of a table (its first cell) in a let, isnotempty of it as a
    // where on another table, in (int(…) literals), in (a two-column tabular let: its first column), in (pack_array),
    // tostring of a three-level path, leftsemi on two keys, arg_min returning a tuple ((Timestamp, ReportId) = …),
    // bin 5m as a named key, countif, split(…, '\\', i)[0] (a one-element array, [] past the end: split-function.md)
    file: 'Microsoft Defender XDR/AnomalousVoulmeOfFileDeletion.yaml',
    edits: [['countif(Count > 50)', 'countif(Count > 1)'], ['where TotalCount >= 3', 'where TotalCount >= 1']],
    tables: ['SigninLogs', 'CloudAppEvents'],
    minRows: 10,
    prepare: (table, data) => {
      const set = setter(data);
      data.rows.forEach((row, i) => {
        if (table === 'SigninLogs') {
          return set(row, { UserId: `u${i % 4}`, OriginalRequestId: i % 13 === 12 ? '' : `s${i % 6}`, ResultType: ['0', '50126'][i % 5 === 4 ? 1 : 0],
            RiskLevelDuringSignIn: ['high', 'High', 'low'][i % 7 === 6 ? 1 : i % 7 === 5 ? 2 : 0], CreatedDateTime: NOW - (1 + (i % 9)) * TICKS_PER_DAY + i });
        }
        set(row, { AccountObjectId: `u${i % 5}`, AccountDisplayName: ['CONTOSO\\alice', 'bob', 'A\\B\\C'][Math.floor(i / 5) % 3], ApplicationId: [20892, 15600, 11161][i % 7 === 6 ? 2 : i % 2],
          ActionType: ['FileDeleted', 'FileRecycled', 'filedeleted', 'FileUploaded'][i % 11 === 10 ? 2 : i % 13 === 12 ? 3 : (i >> 3) % 2],
          RawEventData: i % 17 === 16 ? { AppAccessContext: {} } : { AppAccessContext: { AADSessionId: `s${(i >> 1) % 6}` } }, ReportId: `r${(i * 7) % 23}`,
          TimeGenerated: NOW - (i % 6) * TICKS_PER_DAY - (i % 3) * 2 * TICKS_PER_MINUTE - i * 997 });
      });
    },
    sql: (now) => {
      const nowTs = `TIMESTAMP '${now.replace('T', ' ').replace('Z', '')}'`;
      return `
      WITH risky AS (
        SELECT UserId, RiskLevelDuringSignIn, CreatedDateTime, OriginalRequestId AS SessionId FROM SigninLogs
        WHERE CreatedDateTime BETWEEN ${ago(now, '7 DAY')} AND ${nowTs} AND ${str('UserId')} <> '' AND ${str('OriginalRequestId')} <> ''
          AND ResultType = '0' AND RiskLevelDuringSignIn = 'high'),
      del AS (
        SELECT * FROM (
          SELECT AccountObjectId AS UserId, AccountDisplayName, ApplicationId, ${jsonText("json_extract(RawEventData, '$.AppAccessContext.AADSessionId')")} AS SessionId,
                 ActionType, TimeGenerated, ReportId FROM CloudAppEvents
          WHERE EXISTS (SELECT 1 FROM risky) AND TimeGenerated BETWEEN ${ago(now, '7 DAY')} AND ${nowTs} AND ApplicationId IN (20892, 15600)
            AND ${str('AccountObjectId')} <> '' AND AccountObjectId IN (SELECT UserId FROM risky)
            AND ActionType IN ('FileDeleted', 'FileRecycled', 'FileDeletedFirstStageRecycleBin', 'FileDeletedSecondStageRecycleBin', 'FileVersionsAllMinorsRecycled', 'FileVersionRecycled', 'FileVersionsAllRecycled'))
        WHERE SessionId <> ''),
      kept AS (SELECT * FROM del WHERE EXISTS (SELECT 1 FROM risky r WHERE r.UserId = del.UserId AND r.SessionId = del.SessionId)),
      bins AS (
        SELECT UserId, AccountDisplayName, ApplicationId, ActionType, count(*) AS Count, arg_min(TimeGenerated, TimeGenerated) AS Timestamp, arg_min(ReportId, TimeGenerated) AS ReportId
        FROM kept GROUP BY UserId, AccountDisplayName, ApplicationId, ActionType, time_bucket(INTERVAL 5 MINUTE, TimeGenerated)),
      users AS (
        SELECT UserId, AccountDisplayName, ApplicationId, count(*) FILTER (WHERE Count > 1) AS TotalCount, min(Timestamp) AS Timestamp, arg_min(ReportId, Timestamp) AS ReportId
        FROM bins GROUP BY UserId, AccountDisplayName, ApplicationId)
      SELECT UserId, AccountDisplayName, ApplicationId, TotalCount, ReportId, Timestamp,
             split_part(${str('AccountDisplayName')}, '\\', 1) AS NTDomain, split_part(${str('AccountDisplayName')}, '\\', 2) AS Name
      FROM users WHERE TotalCount >= 1`;
    },
  },
  {
    // union isfuzzy=true of two summarized subqueries (SecurityEvent, WindowsEvent), strcat of two bag paths and a
    // backslash, a constant column, split(…)[i] with tostring, iif with has '.', substring/indexof
    file: 'Endpoint Threat Protection Essentials/SecurityEventLogCleared.yaml',
    tables: ['SecurityEvent', 'WindowsEvent'],
    minRows: 10,
    prepare: (table, data) => {
      const set = setter(data);
      data.rows.forEach((row, i) => {
        if (i % 6 === 5) return;
        const common = { EventID: [1102, 1100][i % 7 === 6 ? 1 : 0], Computer: ['dc1.contoso.com', 'WS2', 'a.b.c'][i % 3] };
        if (table === 'SecurityEvent') {
          return set(row, { ...common, EventSourceName: ['Microsoft-Windows-Eventlog', 'microsoft-windows-eventlog', 'Security'][i % 5 === 4 ? 2 : i % 2], Account: ['CONTOSO\\admin', 'admin@contoso.com', ''][(i >> 1) % 3], Activity: '1102 - The audit log was cleared.' });
        }
        set(row, { ...common, Provider: ['Microsoft-Windows-Eventlog', 'MICROSOFT-WINDOWS-EVENTLOG', 'Other'][i % 5 === 4 ? 2 : i % 2],
          EventData: [{ SubjectDomainName: 'CONTOSO', SubjectUserName: 'admin' }, { SubjectUserName: 'svc@contoso.com' }, null, { SubjectDomainName: 7, SubjectUserName: ['x'] }][(i >> 1) % 4] });
      });
    },
    sql: () => {
      const path = (p: string) => jsonText(`json_extract(EventData, '$.${p}')`);
      return `
      WITH u AS (
        SELECT ${str('Computer')} AS Computer, ${str('Account')} AS Account, EventID, ${str('Activity')} AS Activity, min(TimeGenerated) AS StartTimeUtc, max(TimeGenerated) AS EndTimeUtc, count(*) AS EventCount
        FROM SecurityEvent WHERE EventID = 1102 AND ${inCi('EventSourceName', ['Microsoft-Windows-Eventlog'])} GROUP BY ALL
        UNION ALL
        SELECT ${str('Computer')} AS Computer, ${path('SubjectDomainName')} || '\\' || ${path('SubjectUserName')} AS Account, EventID, '1102 - The audit log was cleared.' AS Activity,
               min(TimeGenerated), max(TimeGenerated), count(*)
        FROM WindowsEvent WHERE EventID = 1102 AND ${inCi('Provider', ['Microsoft-Windows-Eventlog'])} GROUP BY ALL)
      SELECT *, split_part(Account, '@', 1) AS Name, split_part(Account, '@', 2) AS UPNSuffix,
             CASE WHEN contains(Computer, '.') THEN substr(Computer, 1, strpos(Computer, '.') - 1) ELSE Computer END AS HostName,
             CASE WHEN contains(Computer, '.') THEN substr(Computer, strpos(Computer, '.') + 1) ELSE '' END AS DnsDomain
      FROM u`;
    },
  },
  {
    // iff, count by bin 10m and four keys, project, sort by two keys asc, serialize, prev(), row_window_session
    // (a session restarts on the restart condition, at MaxDistanceFromFirst from its start or MaxDistanceBetweenNeighbors
    // from the previous value: row-window-session-function.md; the from-first distance lowered to 30m so that it
    // matters), sumif, make_list of sorted input (its order tracks the input: make-list-aggregation-function.md),
    // make_set with a limit, array_index_of, array_length, project-away, mv-expand of two columns in parallel,
    // split(…, d, i)[0] kept dynamic, strcat_array(array_slice(split(…), 1, -1))
    file: 'Windows Security Events/MultipleFailedFollowedBySuccess.yaml',
    edits: [['let authenticationThreshold = 5;', 'let authenticationThreshold = 2;'], ['row_window_session(TimeGenerated, timeRange,', 'row_window_session(TimeGenerated, 30m,']],
    tables: ['SecurityEvent'],
    minRows: 5,
    prepare: (_, data) => {
      // one (IpAddress, Computer, outcome) per account and 10-minute bin, so that sort by Account, TimeGenerated has no
      // ties (its order, and so prev() and the sessions, are then defined); one IpAddress and Computer per account, so
      // that mv-expand's pairing of the two sets does not depend on their (undefined) order
      const set = setter(data);
      const start = NOW - 2 * TICKS_PER_HOUR + 30 * TICKS_PER_MINUTE;
      const off = data.rows.length % 5; // the row count differs by seed: so do the outcomes
      data.rows.forEach((row, i) => {
        const a = i % 3;
        const bin = Math.floor(i / 3) % 11;
        if (a === 2 && bin >= 4 && bin <= 9) return set(row, { EventID: 4688 }); // a gap of over an hour for one account
        set(row, { Account: ['CONTOSO\\alice', 'bob', 'FABRIKAM\\carol'][a], IpAddress: ['10.0.0.1', '10.0.0.2', '-'][a === 2 && bin === 3 ? 2 : a], Computer: ['ws1.contoso.com', 'ws2', 'srv.a.b.c'][a],
          EventID: (bin * 7 + a * 5 + off) % 5 === 0 || (bin + a + off) % 7 === 0 ? 4624 : 4625, TimeGenerated: start + bin * 10 * TICKS_PER_MINUTE + (i % 7) * TICKS_PER_MINUTE });
      });
    },
    sql: (now) => `
      WITH RECURSIVE o AS (
        SELECT *, row_number() OVER (ORDER BY Account, TimeGenerated) AS rn,
               coalesce(Account <> lag(Account) OVER (ORDER BY Account, TimeGenerated), true) OR coalesce(lag(Outcome) OVER (ORDER BY Account, TimeGenerated) = 'Success', false) AS restart
        FROM (
          SELECT time_bucket(INTERVAL 10 MINUTE, TimeGenerated) AS TimeGenerated, Account, IpAddress, Computer, CASE WHEN EventID = 4624 THEN 'Success' ELSE 'Failure' END AS Outcome, count(*) AS OutcomeCount
          FROM SecurityEvent WHERE TimeGenerated > ${ago(now, '2 HOUR')} AND EventID IN (4624, 4625) AND ${str('IpAddress')} <> '-' AND ${str('Account')} <> ''
          GROUP BY ALL)),
      s(rn, t, SessionStartedUtc) AS (
        SELECT rn, TimeGenerated, TimeGenerated FROM o WHERE rn = 1
        UNION ALL
        SELECT o.rn, o.TimeGenerated,
               CASE WHEN o.restart OR o.TimeGenerated >= s.SessionStartedUtc + INTERVAL 30 MINUTE OR o.TimeGenerated >= s.t + INTERVAL 1 HOUR THEN o.TimeGenerated ELSE s.SessionStartedUtc END
        FROM s JOIN o ON o.rn = s.rn + 1),
      g AS (
        SELECT Account, coalesce(sum(OutcomeCount) FILTER (WHERE Outcome = 'Failure'), 0) AS FailureCountBeforeSuccess, min(TimeGenerated) AS StartTime, max(TimeGenerated) AS EndTime,
               list(Outcome ORDER BY o.rn) AS list_Outcome, list(DISTINCT Computer) AS set_Computer, list(DISTINCT IpAddress) AS set_IpAddress
        FROM o JOIN s USING (rn) GROUP BY s.SessionStartedUtc, Account),
      k AS (
        SELECT * EXCLUDE (list_Outcome), coalesce(list_position(list_Outcome, 'Success') - 1, -1) AS firstSuccess, len(list_Outcome) AS n FROM g
        WHERE FailureCountBeforeSuccess >= 2)
      SELECT Account, FailureCountBeforeSuccess, StartTime, EndTime, to_json(set_Computer[1]) AS set_Computer, to_json(set_IpAddress[1]) AS set_IpAddress,
             set_IpAddress[1] AS IpAddress, set_Computer[1] AS Computer, StartTime AS timestamp,
             to_json(string_split(Account, '\\')[1]) AS NTDomain, to_json(string_split(Account, '\\')[2]) AS Name,
             string_split(set_Computer[1], '.')[1] AS HostName, array_to_string(string_split(set_Computer[1], '.')[2:], '.') AS DnsDomain
      FROM k WHERE firstSuccess <> 0 AND firstSuccess = n - 1 -- one Computer and IpAddress per session (prepare): mv-expand gives one row`,
  },
  {
    // =~, contains, parse kind=relaxed with leading and trailing * (string columns: as simple mode, a missing
    // delimiter leaves them empty: parse-operator.md), distinct of seven columns, make_list of datetimes by bin 4h
    // and four keys, mvexpand (legacy), tostring of a datetime held in a dynamic, min/max of strings, make_set,
    // sum() with its default name, array_length, [0] with tostring
    file: 'Syslog/ssh_potentialBruteForce.yaml',
    edits: [['let threshold = 15;', 'let threshold = 1;']],
    tables: ['Syslog'],
    unordered: ['UserList', 'ComputerList', 'ResourceIdList'],
    minRows: 10,
    prepare: (_, data) => {
      // one Computer, user and resource per source address, so that the sets hold one value each (the rule's
      // other branch hashes the set's text with hash(), which has no DuckDB twin); some exact duplicates for distinct
      const set = setter(data);
      data.rows.forEach((row, i) => {
        const pair = Math.floor(i / 2); // rows 2n and 2n+1 are the same event, unless the second gets another time
        const k = pair % 5;
        const t = NOW - pair * 37 * TICKS_PER_MINUTE - (i % 6 === 1 ? 1_234_567 : 0);
        const message = k === 4 ? `Failed password for invalid user  from 10.9.9.9 port 22` // no " ssh2": the parse fails
          : `${['', 'sshd[12]: '][(pair >> 1) % 2]}Failed password for invalid user ${['admin', 'oracle', 'Test User', 'x'][k]} from 10.0.0.${k} port ${20 + (pair % 3)} ssh2${['', ' extra'][(pair >> 2) % 2]}`;
        set(row, { ProcessName: ['sshd', 'SSHD', 'sshd2'][i % 9 === 8 ? 2 : i % 2], SyslogMessage: i % 11 === 10 ? 'Failed password for root from 10.0.0.1 port 22 ssh2' : message,
          Computer: `host${k}`, _ResourceId: `/subscriptions/s/vm${k}`, TimeGenerated: t });
      });
    },
    sql: () => {
      const re = "'(?s)^.*?invalid user (.*?) from (.*?) port(.*?) ssh2.*$'";
      const part = (n: number) => `CASE WHEN regexp_matches(SyslogMessage, ${re}) THEN regexp_extract(SyslogMessage, ${re}, ${n}) ELSE '' END`;
      return `
      WITH d AS (
        SELECT DISTINCT TimeGenerated, ${str('Computer')} AS Computer, ${part(1)} AS "user", ${part(2)} AS ip, ${part(3)} AS port, SyslogMessage, ${str('_ResourceId')} AS _ResourceId
        FROM Syslog WHERE ${inCi('ProcessName', ['sshd'])} AND ${contains('SyslogMessage', 'Failed password for invalid user')}),
      g AS (
        SELECT time_bucket(INTERVAL 4 HOUR, TimeGenerated) AS b, ip, Computer, "user", _ResourceId, count(*) AS PerHourCount FROM d GROUP BY ALL HAVING count(*) > 1),
      x AS (
        SELECT g.*, ${datetimeInDynamic('d.TimeGenerated')} AS EventTimes FROM g JOIN d
          ON time_bucket(INTERVAL 4 HOUR, d.TimeGenerated) = g.b AND d.ip = g.ip AND d.Computer = g.Computer AND d."user" = g."user" AND d._ResourceId = g._ResourceId),
      s AS (
        SELECT ip AS IPAddress, min(EventTimes) AS StartTime, max(EventTimes) AS EndTime, list(DISTINCT "user") AS UserList, list(DISTINCT Computer) AS ComputerList,
               list(DISTINCT _ResourceId) AS ResourceIdList, sum(PerHourCount) AS sum_PerHourCount FROM x GROUP BY ip)
      SELECT IPAddress, StartTime, EndTime, to_json(UserList) AS UserList, to_json(ComputerList) AS ComputerList, to_json(ResourceIdList) AS ResourceIdList, sum_PerHourCount,
             CASE WHEN len(ComputerList) = 1 THEN ComputerList[1] END AS HostName, CASE WHEN len(ComputerList) = 1 THEN UserList[1] END AS Account,
             CASE WHEN len(ResourceIdList) = 1 THEN ResourceIdList[1] END AS ResourceId
      FROM s -- NULL (a set of more than one value, whose hash() DuckDB cannot give) fails the comparison`;
    },
  },
  {
    // contains, =~, has, extract of a group, isnotempty, ipv4_is_private (null for a non-address, which neither
    // countif counts), countif by bin(EventTime, 1d), make_list of pack() bags, two mv-apply with order by and
    // summarize (make_list of toint of a bag value, avg, stdev, max) inside, [-1] of an array, real division.
    // `mv-apply X = X on (summarize …)` keeps the input X: so Kusto.Language's schema says, and mv-apply-operator.md's
    // first example keeps a column expanded under a new name (its parameter table says a column is removed)
    file: 'Syslog/ssh_NewlyInternetExposed.yaml',
    edits: [['let probabilityLimit = 0.01;', 'let probabilityLimit = 0.5;']],
    tables: ['Syslog'],
    unordered: ['publicIPLoginHistory', 'privateIPLoginHistory'],
    minRows: 4,
    prepare: (_, data) => {
      // four hosts over four days; each day some private and some public logins, the public ones growing on some hosts
      const set = setter(data);
      const off = data.rows.length % 3;
      data.rows.forEach((row, i) => {
        const host = i % 4;
        const day = Math.floor(i / 4) % 4;
        const kind = (i * 7 + off) % 10; // 0–5 private, 6–7 public (more on the last day for hosts 0 and 1), 8 no address, 9 bad octet
        const publicToday = day === 0 && host < 2 && kind >= 4;
        const ip = kind < 6 && !publicToday ? ['10.1.2.3', '172.16.0.9', '192.168.10.1', '172.32.0.1'][kind % 4] : kind < 8 || publicToday ? ['8.8.8.8', '20.1.2.3'][kind % 2] : kind === 8 ? '' : '300.1.1.1';
        set(row, { Facility: ['authpriv', 'AUTH', 'kern'][i % 13 === 12 ? 2 : i % 2], ProcessName: ['sshd', 'SSHD'][(i >> 3) % 2],
          SyslogMessage: `${['Accepted', 'accepted', 'Failed'][i % 17 === 16 ? 2 : (i >> 2) % 2]} publickey for u${host} from ${ip} port 22 ssh2`,
          HostName: `host${host}`, HostIP: `10.0.0.${host}`, EventTime: NOW - day * TICKS_PER_DAY - (1 + (i % 5)) * TICKS_PER_HOUR });
      });
    },
    sql: () => {
      const re = String.raw`'(([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.(([0-9]{1,3})))'`;
      return `
      WITH logins AS (
        SELECT *, ${ipv4IsPrivate('SourceIP')} AS result FROM (
          SELECT *, regexp_extract(${str('SyslogMessage')}, ${re}, 1) AS SourceIP FROM Syslog
          WHERE ${contains('Facility', 'auth')} AND ${inCi('ProcessName', ['sshd'])} AND ${has('SyslogMessage', 'Accepted')})
        WHERE SourceIP <> ''),
      daily AS (
        SELECT ${str('HostName')} AS HostName, ${str('HostIP')} AS HostIP, time_bucket(INTERVAL 1 DAY, EventTime) AS EventTime,
               count(*) FILTER (WHERE result IS TRUE) AS privatecount, count(*) FILTER (WHERE result IS FALSE) AS publiccount
        FROM logins GROUP BY ALL),
      h AS (
        SELECT HostName, HostIP, to_json(list(json_object('IPCount', publiccount, 'logon_time', ${datetimeInDynamic('EventTime')}))) AS publicIPLoginHistory,
               to_json(list(json_object('IPCount', privatecount, 'logon_time', ${datetimeInDynamic('EventTime')}))) AS privateIPLoginHistory, list(publiccount ORDER BY EventTime) AS pub, avg(publiccount) AS publicAverage, stddev_samp(publiccount) AS publicStd,
               max(publiccount) AS maxPublicLoginCount, list(privatecount ORDER BY EventTime) AS priv, avg(privatecount) AS privateAverage, stddev_samp(privatecount) AS privateStd
        FROM daily GROUP BY HostName, HostIP)
      SELECT HostName, HostIP, publicIPLoginHistory, privateIPLoginHistory, to_json(pub) AS publicIPLoginCountList, publicAverage, publicStd, maxPublicLoginCount, to_json(priv) AS privateIPLoginCountList, privateAverage, privateStd,
             publicAverage / (privateAverage + publicAverage) AS probabilityPublic, to_json(pub[-1]) AS publicLoginCountToday, HostName AS HostCustomEntity
      FROM h WHERE privateAverage > 0 AND publicAverage > 0 AND publicAverage / (privateAverage + publicAverage) < 0.5 AND pub[-1] >= maxPublicLoginCount`;
    },
  },
  {
    // a function holding a 19-branch case of has (phrases, needles ending in ; or /), union withsource= of two tables
    // whose same-named columns differ in type (DeviceDetail_dynamic…: union-operator.md), tolower of a dynamic path,
    // contains between two columns, not(… and …), count() and arg_min(TimeGenerated, *) by three keys (ties: no
    // two rows share a time), == of a string column against a number
    file: 'FalconFriday/AzureADUserAgentOSmissmatch.yaml',
    tables: ['AADNonInteractiveUserSignInLogs', 'SigninLogs'],
    minRows: 20,
    prepare: (table, data) => {
      const set = setter(data);
      const agents = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X)', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)',
        'Mozilla/5.0 (X11; Linux x86_64)', 'Mozilla/5.0 (Linux; Android 13)', 'curl/8.0', 'python-requests/2.31', 'Mozilla/5.0 (Windows NT 6.1)', 'Polycom/1.0', 'CFNetwork Darwin/22.0', 'Unknown agent', ''];
      const systems = ['Windows 10', 'iOS', 'MacOs', 'Linux', 'Android', 'Windows', 'Ubuntu', '', 'windows 10'];
      data.rows.forEach((row, i) => {
        set(row, { TimeGenerated: NOW - (2 * i + (table === 'SigninLogs' ? 1 : 0)) * 7 * TICKS_PER_MINUTE - (i % 9) * 1_111, UserAgent: agents[(i * 5) % agents.length],
          AppId: i % 13 === 12 ? '' : 'app-1', ResultType: ['0', '50126', '00'][i % 11 === 10 ? 1 : i % 17 === 16 ? 2 : 0], UserPrincipalName: `u${i % 3}@contoso.com`,
          DeviceDetail: table === 'SigninLogs' ? (i % 10 === 9 ? null : { operatingSystem: systems[(i * 7) % systems.length], browser: 'Edge' }) : JSON.stringify({ operatingSystem: 'Windows 10' }) });
      });
    },
    sql: (now, query) => {
      const cases = [...query.matchAll(/ua has "([^"]*)", "([^"]*)"/g)].map((m) => `WHEN ${has('UserAgent', m[1])} THEN ${sq(m[2])}`);
      const legs = ['AADNonInteractiveUserSignInLogs', 'SigninLogs'];
      const columns = unionColumns(legs.map((leg) => ({ leg, columns: tableColumns(leg) })));
      const q = (c: string) => `"${c}"`;
      const union = legs.map((t) => `SELECT '${t}' AS tbl_name, ${columns.filter((c) => c.from.has(t)).map((c) => `${q(c.from.get(t)!)} AS ${q(c.name)}`).join(', ')} FROM ${t}`).join(' UNION ALL BY NAME ');
      const keys = ['DeviceOS', 'UserAgentOS', 'UserPrincipalName'];
      const rest = ['tbl_name', ...columns.map((c) => c.name)].filter((c) => !keys.includes(c) && c !== 'TimeGenerated');
      return `
      WITH u AS (${union}),
      x AS (
        SELECT *, lower(CASE ${cases.join(' ')} ELSE 'Unknown' END) AS UserAgentOS, lower(${jsonText("json_extract(DeviceDetail_dynamic, '$.operatingSystem')")}) AS DeviceOS
        FROM u WHERE TimeGenerated >= ${ago(now, '1 DAY')} AND ${str('UserAgent')} <> '' AND ${str('AppId')} <> '' AND ResultType = '0'),
      y AS (
        SELECT *, count(*) OVER (PARTITION BY DeviceOS, UserAgentOS, UserPrincipalName) AS count_,
               row_number() OVER (PARTITION BY DeviceOS, UserAgentOS, UserPrincipalName ORDER BY TimeGenerated) AS rn
        FROM x WHERE DeviceOS <> '' AND UserAgentOS <> 'unknown' AND NOT contains(UserAgentOS, DeviceOS) AND NOT contains(DeviceOS, UserAgentOS)
          AND NOT (DeviceOS = 'ios' AND UserAgentOS = 'macos') AND NOT (DeviceOS = 'android' AND UserAgentOS = 'linux'))
      SELECT ${keys.map(q).join(', ')}, count_, TimeGenerated, ${rest.map(q).join(', ')} FROM y WHERE rn = 1`;
    },
  },
  {
    // a function with a timespan parameter called four times, startswith and contains, dcount (small cardinality),
    // in (a tabular let), make_set read back with array_length (twice compared with another set's), the default
    // join kind on two keys (unique left keys), dcount(bin(TimeGenerated, 1h)), any() of a set, leftanti, sum
    file: 'FalconFriday/RecognizingBeaconingTraffic.yaml',
    edits: [['let min_requests=50;', 'let min_requests=3;'], ['let min_hours=8;', 'let min_hours=2;'], ['let trusted_user_count=10;', 'let trusted_user_count=2;'],
      ['host_count > 100', 'host_count > 2']],
    tables: ['CommonSecurityLog'],
    unordered: ['RareHosts', 'BrowserHosts1d', 'BrowserHostsLookback'],
    minRows: 4,
    prepare: (_, data) => {
      // u0 (browser A) and u2 (browser B) call one host each hour; u1 (B) too, but visited another host days ago;
      // the others browse many hosts, one of them (login.microsoft.com) common to all
      const set = setter(data);
      const off = data.rows.length % 4;
      const hosts = ['login.microsoft.com', 'news.com', 'shop.com', 'mail.com', 'wiki.org', 'video.net', 'Login.Microsoft.com'];
      data.rows.forEach((row, i) => {
        const hour = (i * 7 + off) % 23;
        const base = { DeviceVendor: i % 19 === 18 ? 'zscaler' : 'Zscaler', DeviceProduct: 'NSSWeblog', TimeGenerated: NOW - hour * TICKS_PER_HOUR - (i % 50) * TICKS_PER_MINUTE };
        const browser = (b: number) => ['Mozilla/5.0 (Windows NT 10.0) Gecko/20100101 Firefox/120.0', 'mozilla/5.0 (X11) like Gecko Chrome', 'Mozilla/5.0 Chrome Safari'][b];
        const beacon = i % 5;
        if (beacon === 0) return set(row, { ...base, SourceUserName: 'u0', RequestClientApplication: browser(0), DestinationHostName: 'evil.com' });
        if (beacon === 1) {
          const old = i % 3 === 0;
          return set(row, { ...base, SourceUserName: i % 2 ? 'u1' : 'u2', RequestClientApplication: browser(1), DestinationHostName: old && i % 2 ? 'news.com' : i % 2 ? 'c2.net' : 'beacon.io',
            TimeGenerated: old ? NOW - (2 + (i % 4)) * TICKS_PER_DAY : base.TimeGenerated });
        }
        set(row, { ...base, SourceUserName: `u${3 + (i % 4)}`, RequestClientApplication: browser(i % 7 === 6 ? 2 : (i >> 1) % 2), DestinationHostName: hosts[(i * 3) % hosts.length] });
      });
    },
    sql: (now) => {
      const bt = (span: string) => `(SELECT TimeGenerated, ${str('SourceUserName')} AS SourceUserName, ${str('DestinationHostName')} AS DestinationHostName, ${str('RequestClientApplication')} AS RequestClientApplication
        FROM CommonSecurityLog WHERE DeviceVendor = 'Zscaler' AND DeviceProduct = 'NSSWeblog' AND TimeGenerated > ${ago(now, span)}
          AND starts_with(lower(RequestClientApplication), 'mozilla/') AND ${contains('RequestClientApplication', 'Gecko')})`;
      return `
      WITH bt1 AS ${bt('1 DAY')}, bt7 AS ${bt('7 DAY')},
      common_domains AS (SELECT DestinationHostName FROM bt1 GROUP BY DestinationHostName HAVING count(DISTINCT SourceUserName) > 2),
      common_ua AS (SELECT RequestClientApplication FROM bt1 GROUP BY RequestClientApplication HAVING count(DISTINCT SourceUserName) > 2 AND count(DISTINCT DestinationHostName) > 2),
      suspicious AS (
        SELECT RequestClientApplication, SourceUserName, list(DISTINCT DestinationHostName) AS BrowserHosts FROM bt1
        WHERE RequestClientApplication IN (SELECT RequestClientApplication FROM common_ua)
        GROUP BY RequestClientApplication, SourceUserName HAVING count(DISTINCT DestinationHostName) <= 3 AND count(*) >= 3),
      hosts AS (
        SELECT s.RequestClientApplication, s.SourceUserName, b.DestinationHostName, count(DISTINCT time_bucket(INTERVAL 1 HOUR, b.TimeGenerated)) AS hour_count,
               any_value(s.BrowserHosts) AS BrowserHosts, count(*) AS request_count
        FROM suspicious s JOIN bt1 b ON s.RequestClientApplication = b.RequestClientApplication AND s.SourceUserName = b.SourceUserName
        GROUP BY s.RequestClientApplication, s.SourceUserName, b.DestinationHostName HAVING hour_count >= 2 AND request_count >= 3),
      alerts AS (
        SELECT RequestClientApplication, SourceUserName, list(DISTINCT DestinationHostName) AS RareHosts, sum(request_count) AS TotalRequestCount, any_value(BrowserHosts) AS BrowserHosts
        FROM hosts WHERE DestinationHostName NOT IN (SELECT DestinationHostName FROM common_domains)
        GROUP BY RequestClientApplication, SourceUserName HAVING len(list(DISTINCT DestinationHostName)) = len(any_value(BrowserHosts)))
      SELECT a.SourceUserName, a.RequestClientApplication, to_json(any_value(a.RareHosts)) AS RareHosts, to_json(any_value(a.BrowserHosts)) AS BrowserHosts1d,
             to_json(list(DISTINCT b.DestinationHostName)) AS BrowserHostsLookback
      FROM alerts a JOIN bt7 b ON a.SourceUserName = b.SourceUserName AND a.RequestClientApplication = b.RequestClientApplication
      GROUP BY a.SourceUserName, a.RequestClientApplication HAVING len(any_value(a.RareHosts)) = len(list(DISTINCT b.DestinationHostName))`;
    },
  },
  {
    // a function taking a table name (table(tableName)) called twice, == of a string column against a number, has
    // with ;-phrases on a dynamic column (its JSON text) and on a string one, extend Type = Type, union isfuzzy=true
    // of the two results (type-mismatched columns), an unnamed extend of column_ifexists (named after the column),
    // project-rename, leftouter join (unmatched right cells null or "", several matches multiply)
    file: 'Microsoft Entra ID/ExplicitMFADeny.yaml',
    tables: ['SigninLogs', 'AADNonInteractiveUserSignInLogs', 'DeviceInfo'],
    minRows: 40,
    prepare: (table, data) => {
      // ten devices on the sign-ins' addresses (some inactive), the others elsewhere
      const set = setter(data);
      const reasons = ['MFA denied; user declined the authentication', 'MFA Denied; User Declined the authentication.', 'MFA denied; Phone App Reported Fraud', 'MFA denied; user declined', 'Other'];
      data.rows.forEach((row, i) => {
        const ip = ['10.0.0.1', '20.0.0.2', '30.0.0.3', ''][i % 4];
        if (table === 'DeviceInfo') {
          return set(row, { PublicIP: i < 10 ? ip : `50.0.${i % 250}.1`, OnboardingStatus: ['Onboarded', 'onboarded'][i % 7 === 6 ? 1 : 0], SensorHealthState: ['Active', 'Inactive'][i % 3 === 2 ? 1 : 0], AadDeviceId: `dev-${i % 6}` });
        }
        const reason = reasons[(i >> 1) % reasons.length];
        set(row, { ResultType: ['500121', '0'][i % 9 === 8 ? 1 : 0], IPAddress: ip, UserPrincipalName: ['a@contoso.com', 'b', ''][i % 3],
          Status: table === 'SigninLogs' ? (i % 11 === 10 ? null : { errorCode: 500121, failureReason: reason }) : reason });
      });
    },
    sql: () => {
      const legs = ['SigninLogs', 'AADNonInteractiveUserSignInLogs'];
      const extra = [{ name: 'timestamp', type: 'datetime' }, { name: 'Name', type: 'string' }, { name: 'UPNSuffix', type: 'string' }];
      const union = unionColumns(legs.map((leg) => ({ leg, columns: [...tableColumns(leg), ...extra] })));
      const q = (c: string) => `"${c}"`;
      const status = (leg: string) => (leg === 'SigninLogs' ? jsonText('Status') : str('Status'));
      const denied = (leg: string) => `(${has(status(leg), 'MFA Denied; user declined the authentication')} OR ${has(status(leg), 'MFA denied; Phone App Reported Fraud')})`;
      const legSql = (leg: string) => `SELECT ${union.filter((c) => c.from.has(leg)).map((c) => {
        const source = c.from.get(leg)!;
        const value = source === 'timestamp' ? 'TimeGenerated' : source === 'Name' ? `split_part(${str('UserPrincipalName')}, '@', 1)`
          : source === 'UPNSuffix' ? `split_part(${str('UserPrincipalName')}, '@', 2)` : q(source);
        return `${value} AS ${q(c.name)}`;
      }).join(', ')} FROM ${leg} WHERE ResultType = '500121' AND ${denied(leg)}`;
      const out = union.map((c) => (c.name === 'IPAddress' ? `u."IPAddress" AS "PublicIP"` : `u.${q(c.name)}`));
      return `
      WITH u AS (${legSql('SigninLogs')} UNION ALL BY NAME ${legSql('AADNonInteractiveUserSignInLogs')}),
      d AS (SELECT ${str('PublicIP')} AS PublicIP, AadDeviceId FROM DeviceInfo WHERE OnboardingStatus = 'Onboarded' AND SensorHealthState = 'Active')
      SELECT ${out.join(', ')}, d.PublicIP AS PublicIP1, d.AadDeviceId FROM u LEFT JOIN d ON ${str('u.IPAddress')} = d.PublicIP`;
    },
  },
  {
    // ==, in~, mv-apply of todynamic(text) with summarize make_bag(pack(tostring(x.Name), x.Value)) inside, case
    // of a string column and a bag value, mv-expand Name = todynamic(text), in~ and isnotempty on dynamic values,
    // extract_all with two named groups picked by name, [0] of it, project with tostring of elements
    file: 'Microsoft 365/Mail_redirect_via_ExO_transport_rule.yaml',
    tables: ['OfficeActivity'],
    minRows: 40,
    prepare: (_, data) => {
      // Exchange parameter lists (JSON arrays of Name/Value, no name twice: make_bag keeps any one value of a
      // repeated key), one empty; client addresses with a port (a missing optional group is undocumented)
      const set = setter(data);
      const params = [
        [{ Name: 'Name', Value: 'Rule A' }, { Name: 'BlindCopyTo', Value: 'x@evil.com' }],
        [{ Name: 'Name', Value: 'Rule B' }, { Name: 'RedirectMessageTo', Value: ['a@evil.com', 'b@evil.com'] }, { Name: 'SentTo', Value: 'c@contoso.com' }],
        [{ Name: 'blindcopyto', Value: '' }, { Name: 'Priority', Value: 0 }],
        [{ Name: 'Name', Value: 'R' }, { Name: 'REDIRECTMESSAGETO', Value: 'r@x.com' }, { Name: 'BlindCopyTo', Value: 'q@x.com' }],
        [], [{ Name: 'Name', Value: { nested: 1 } }, { Name: 'BlindCopyTo', Value: 7 }],
      ].map((x) => JSON.stringify(x));
      const ips = ['[::ffff:10.1.2.3]:4431', '10.1.2.3:80', '[2001:db8::1]:443', '', '10.0.0.9-55'];
      data.rows.forEach((row, i) => {
        set(row, { OfficeWorkload: ['Exchange', 'exchange'][i % 9 === 8 ? 1 : 0], Operation: ['New-TransportRule', 'set-transportrule', 'Remove-TransportRule'][i % 7 === 6 ? 2 : i % 2],
          Parameters: params[(i >> 1) % params.length], ClientIP: ips[(i * 3) % ips.length], OfficeObjectId: `obj-${i % 4}`, UserId: ['admin@contoso.com', 'svc'][i % 2] });
      });
    },
    sql: () => {
      const re = String.raw`\[?(::ffff:)?(?P<IPAddress>(\d+\.\d+\.\d+\.\d+)|[^\]]+)\]?([-:](?P<Port>\d+))?`;
      const part = (n: number) => `CASE WHEN regexp_matches(${str('ClientIP')}, ${sq(re)}) THEN regexp_extract(ClientIP, ${sq(re)}, ${n}) ELSE '' END`;
      return `
      WITH a AS (
        SELECT *, json_extract(TRY_CAST(Parameters AS JSON), '$[*]') AS elements FROM OfficeActivity
        WHERE OfficeWorkload = 'Exchange' AND ${inCi('Operation', ['New-TransportRule', 'Set-TransportRule'])}),
      b AS (
        SELECT *, coalesce((SELECT json_group_object(${jsonText("json_extract(e, '$.Name')")}, json_extract(e, '$.Value')) FROM unnest(elements) t(e)), '{}'::JSON) AS ParsedParameters FROM a),
      c AS (
        SELECT *, unnest(elements) AS x FROM b)
      SELECT TimeGenerated, json_extract(x, '$.Value') AS RedirectTo, ${part(2)} AS IPAddress, ${part(5)} AS Port, UserId, Operation,
             CASE WHEN ${inCi('Operation', ['Set-TransportRule'])} THEN OfficeObjectId WHEN ${inCi('Operation', ['New-TransportRule'])} THEN ${jsonText("json_extract(ParsedParameters, '$.Name')")} ELSE 'Unknown' END AS RuleName,
             Parameters, split_part(${str('UserId')}, '@', 1) AS AccountName, split_part(${str('UserId')}, '@', 2) AS AccountUPNSuffix
      FROM c WHERE ${inCi(jsonText("json_extract(x, '$.Name')"), ['BlindCopyTo', 'RedirectMessageTo'])} AND ${jsonText("json_extract(x, '$.Value')")} <> ''`;
    },
  },
];
