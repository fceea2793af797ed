// The corpus rules of the DuckDB oracle (test/unit/engineOracle.test.ts), each with a hand-written SQL that
// follows Kusto's documented semantics step by step. Conventions of the SQL: one output column per Kusto
// column, named and ordered as Kusto does; dynamic columns as JSON text (to_json/::JSON); strings may be NULL
// where Kusto has "" (the comparison reads a NULL string as "").
import { ticksFromUnixMs, type Value } from '../../../server/src/engine/values';
import type { Table } from '../../../server/src/engine/table';
import { ago, contains, datetimeInDynamic, has, hasAny, hasSuffix, inCi } from './kqlSql';

export interface OracleRule {
  /** Path under the corpus folder. */
  file: string;
  /** Text replacements applied to the query first (a lowered threshold, so generated data reaches the output). */
  edits?: [string, string][];
  /** The tables the query reads. */
  tables: string[];
  /**
   * The SQL at the run's now (ISO-8601); `query` is the rule's query text (for its long literal lists),
   * `columns` a table's catalogue columns (for SELECT lists Kusto builds from whole schemas).
   */
  sql: (now: string, query: string, columns: (table: string) => string[]) => string;
  /** Give each DuckDB table a `_row` column, the row's place in its file (to pick innerunique's kept row). */
  rowIds?: boolean;
  /** Columns whose arrays compare as sets (make_set; make_list of unsorted input). */
  unordered?: string[];
  /** Reshapes a generated table before it is written (e.g. unique ids where the query needs them). */
  prepare?: (table: string, data: Table) => void;
  /** The comparison is only worth something with at least this many result rows over all seeds. */
  minRows?: number;
}

/** Kusto's tostring() of a JSON value: a string as is, null as "", anything else as JSON text. */
export const jsonText = (json: string) =>
  `CASE WHEN ${json} IS NULL OR json_type(${json}) = 'NULL' THEN '' WHEN json_type(${json}) = 'VARCHAR' THEN ${json}->>'$' ELSE CAST(${json} AS VARCHAR) END`;

/** `HostName`/`DnsDomain` from DeviceName, as several MDE rules compute them with has '.', substring and indexof. */
export const HOST_AND_DOMAIN = `
  CASE WHEN contains(DeviceName, '.') THEN substr(DeviceName, 1, strpos(DeviceName, '.') - 1) ELSE DeviceName END AS HostName,
  CASE WHEN contains(DeviceName, '.') THEN substr(DeviceName, strpos(DeviceName, '.') + 1) ELSE '' END AS DnsDomain`;

/** Renumbers a long column 0, 1, 2… (the generator draws ids from a small pool; some queries need them unique). */
export function uniqueIds(data: Table, column: string): void {
  const j = data.columns.findIndex((c) => c.name === column);
  data.rows.forEach((row, i) => { row[j] = i as Value; });
}

export const ORACLE_RULES: OracleRule[] = [
  {
    // =~, dcount, make_set, summarize by bin(TimeGenerated, 1h), iff, has '.', substring/indexof
    file: 'Microsoft Defender XDR/MultiProcessKillWithTaskKill.yaml',
    edits: [['taskKillCount > 10', 'taskKillCount > 1'], ['bin(TimeGenerated, 2m)', 'bin(TimeGenerated, 1h)']],
    tables: ['DeviceProcessEvents'],
    unordered: ['TaskKillList'],
    minRows: 3,
    sql: () => `
      SELECT *, ${HOST_AND_DOMAIN} FROM (
        SELECT DeviceId, DeviceName, time_bucket(INTERVAL 1 HOUR, TimeGenerated) AS TimeGenerated,
               count(DISTINCT ProcessCommandLine) AS taskKillCount, to_json(list(DISTINCT ProcessCommandLine)) AS TaskKillList
        FROM DeviceProcessEvents WHERE ${inCi('FileName', ['taskkill.exe'])}
        GROUP BY ALL HAVING count(DISTINCT ProcessCommandLine) > 1)`,
  },
  {
    // materialize, in, !endswith, leftouter join on two keys (renamed right keys), datetime_diff, isempty,
    // project-away, project-reorder, split(…)[i], toint(indexof), substring
    file: 'Windows Security Events/password_not_set.yaml',
    tables: ['SecurityEvent'],
    minRows: 3,
    sql: (now) => `
      WITH SecEvents AS (
        SELECT TimeGenerated, EventID, Activity, Computer, TargetAccount, TargetSid, SubjectAccount, SubjectUserSid FROM SecurityEvent
        WHERE TimeGenerated >= ${ago(now, '3 DAY')} AND EventID IN (4722, 4723) AND NOT ends_with(lower(TargetUserName), '$')),
      userEnable AS (
        SELECT TimeGenerated AS Time_Event4722, TargetAccount, TargetSid, SubjectAccount AS SubjectAccount_Event4722,
               SubjectUserSid AS SubjectUserSid_Event4722, Activity AS Activity_4722, Computer AS Computer_4722
        FROM SecEvents WHERE EventID = 4722),
      userPwdSet AS (
        SELECT TimeGenerated AS Time_Event4723, TargetAccount, TargetSid, SubjectAccount AS SubjectAccount_Event4723,
               SubjectUserSid AS SubjectUserSid_Event4723, Activity AS Activity_4723, Computer AS Computer_4723
        FROM SecEvents WHERE EventID = 4723),
      joined AS (
        SELECT e.*, p.Time_Event4723, p.SubjectAccount_Event4723, p.SubjectUserSid_Event4723, p.Activity_4723, p.Computer_4723,
               date_diff('minute', e.Time_Event4722, p.Time_Event4723) AS PasswordSetAttemptDelta_Min
        FROM userEnable e LEFT JOIN userPwdSet p ON e.TargetAccount = p.TargetAccount AND e.TargetSid = p.TargetSid)
      SELECT Time_Event4722, Time_Event4723, PasswordSetAttemptDelta_Min, TargetAccount, TargetSid,
             SubjectAccount_Event4722, SubjectUserSid_Event4722, Activity_4722, Computer_4722,
             SubjectAccount_Event4723, SubjectUserSid_Event4723, Activity_4723, Computer_4723,
             'User either has not yet attempted to set the initial password after account was enabled or it occurred after 48 hours' AS Reason,
             split_part(Computer_4722, '.', 1) AS HostName,
             CASE WHEN strpos(Computer_4722, '.') > 0 THEN substr(Computer_4722, strpos(Computer_4722, '.') + 1) ELSE Computer_4722 END AS HostNameDomain,
             split_part(TargetAccount, '\\', 2) AS AccountName, split_part(TargetAccount, '\\', 1) AS AccountNTDomain
      FROM joined WHERE PasswordSetAttemptDelta_Min > 2880 OR PasswordSetAttemptDelta_Min IS NULL`,
  },
  {
    // in~ over a dynamic list let, not(isempty()), summarize by (distinct), inner join (right key renamed SHA11),
    // !~, not(), strcat, project-reorder
    file: 'FalconFriday/RenameSystemUtilities.yaml',
    tables: ['DeviceProcessEvents'],
    minRows: 3,
    prepare: (_, data) => {
      // some renamed copies of a lolbin: the same SHA1 under another file name
      const sha = data.columns.findIndex((c) => c.name === 'SHA1');
      const name = data.columns.findIndex((c) => c.name === 'FileName');
      data.rows.forEach((row, i) => { if (i % 7 === 0) { row[sha] = `sha-${i % 3}`; row[name] = ['certutil.exe', 'CERTUTIL.EXE', 'notepad.exe', 'Bash.exe', 'sh.exe', ''][i % 6]; } });
    },
    sql: (_, query) => {
      const lolbin = [...(/dynamic\(\[([^\]]*)\]\)/.exec(query)![1].matchAll(/"([^"]*)"/g))].map((m) => m[1]);
      return `
      WITH allHashesLolbin AS (
        SELECT DISTINCT SHA1, lower(FileName) AS OriginalFilename FROM DeviceProcessEvents
        WHERE ${inCi('FileName', lolbin)} AND NOT (SHA1 IS NULL OR SHA1 = ''))
      SELECT concat('Usage of ', a.OriginalFilename, '. Renamed as ', d.FileName) AS message, a.SHA1, a.OriginalFilename,
             d.* RENAME (SHA1 AS SHA11)
      FROM allHashesLolbin a JOIN DeviceProcessEvents d ON a.SHA1 = d.SHA1
      WHERE lower(d.FileName) <> lower(a.OriginalFilename) AND NOT (lower(a.OriginalFilename) = 'bash.exe' AND lower(d.FileName) = 'sh.exe')`;
    },
  },
  {
    // countif, dcountif, minif, maxif, arg_max(Timestamp, tostring(ReportId)), not(isempty() and isempty()),
    // != and in (case-sensitive), project-rename, arithmetic on counts
    file: 'FalconFriday/PasswordSprayingWithMDE.yaml',
    edits: [['let thresholdForUniqueFailedAccounts = 20;', 'let thresholdForUniqueFailedAccounts = 0;']],
    tables: ['DeviceLogonEvents'],
    minRows: 3,
    sql: (now) => `
      SELECT RemoteIP AS IPAddress, DeviceName,
             count(*) FILTER (WHERE ActionType = 'LogonSuccess') AS SuccessLogonCount,
             count(*) FILTER (WHERE ActionType = 'LogonFailed') AS FailedLogonCount,
             count(DISTINCT AccountName) FILTER (WHERE ActionType = 'LogonFailed') AS UniqueAccountFailedLogons,
             min(Timestamp) FILTER (WHERE ActionType = 'LogonFailed') AS FirstFailed,
             max(Timestamp) FILTER (WHERE ActionType = 'LogonFailed') AS LastFailed,
             max(Timestamp) AS LastTimestamp,
             arg_max(coalesce(CAST(ReportId AS VARCHAR), ''), Timestamp) AS ReportId
      FROM DeviceLogonEvents
      WHERE Timestamp >= ${ago(now, '1 DAY')} AND LogonType <> 'Unlock' AND ActionType IN ('LogonSuccess', 'LogonFailed')
        AND NOT (coalesce(RemoteIP, '') = '' AND coalesce(RemoteDeviceName, '') = '') AND RemoteIPType <> 'Loopback'
      GROUP BY RemoteIP, DeviceName
      HAVING UniqueAccountFailedLogons > 0 AND SuccessLogonCount * 0.5 < FailedLogonCount AND UniqueAccountFailedLogons * 10 > FailedLogonCount`,
  },
  {
    // in~ over a dynamic let, startswith, has, parse_json of a string column, tostring of a bag and parse_json
    // again, nested dynamic paths, has_any with short numeric tokens (whole terms only), split(s, d, i)[0]
    file: 'Azure Activity/Creation_of_Expensive_Computes_in_Azure.yaml',
    tables: ['AzureActivity'],
    minRows: 3,
    sql: (_, query) => {
      const tokens = [...(/let tokens = dynamic\(\[([^\]]*)\]\)/.exec(query)![1].matchAll(/"([^"]*)"/g))].map((m) => m[1]);
      return `
      WITH a AS (
        SELECT *, json_extract(TRY_CAST(Properties AS JSON), '$.responseBody') AS rb FROM AzureActivity
        WHERE ${inCi('OperationNameValue', ['microsoft.compute/virtualmachines/write', 'microsoft.resources/deployments/write'])}
          AND starts_with(lower(ActivityStatusValue), 'accept') AND ${has('Properties', 'vmSize')}),
      b AS (SELECT *, json_extract(TRY_CAST(${jsonText('rb')} AS JSON), '$.properties') AS pp FROM a),
      c AS (SELECT *, ${jsonText("json_extract(pp, '$.hardwareProfile.vmSize')")} AS vmSize, ${jsonText("json_extract(pp, '$.osProfile.computerName')")} AS ComputerName FROM b)
      SELECT TimeGenerated, OperationNameValue, ActivityStatusValue, Caller, CallerIpAddress, ComputerName, vmSize,
             split_part(Caller, '@', 1) AS Name, split_part(Caller, '@', 2) AS UPNSuffix
      FROM c WHERE ${hasAny('vmSize', tokens)}`;
    },
  },
  {
    // =~ (four), has on a resource id, parse_json of a string column, tostring of bag values, project-away
    file: 'Azure Activity/NRT-AADHybridHealthADFSNewServer.yaml',
    tables: ['AzureActivity'],
    minRows: 3,
    sql: () => {
      return `
      SELECT * EXCLUDE (claimsJson) FROM (
        SELECT *, TRY_CAST(Claims AS JSON) AS claimsJson FROM AzureActivity
        WHERE ${inCi('CategoryValue', ['Administrative'])} AND ${inCi('ResourceProviderValue', ['Microsoft.ADHybridHealthService'])}
          AND ${has('_ResourceId', 'AdFederationService')}
          AND ${inCi('OperationNameValue', ['Microsoft.ADHybridHealthService/services/servicemembers/action'])})
      CROSS JOIN LATERAL (SELECT ${jsonText("json_extract(claimsJson, '$.appid')")} AS AppId, ${jsonText("json_extract(claimsJson, '$.name')")} AS AccountName,
             split_part(Caller, '@', 1) AS Name, split_part(Caller, '@', 2) AS UPNSuffix)`;
    },
  },
  {
    // simple parse (case-sensitive constants), project-reorder, has with a backslash phrase, endswith, =~,
    // the default join kind innerunique on two keys (one left row per key; here the first in the file), renamed
    // right columns (Computer1, TimeKey1…)
    file: 'Windows Security Events/PotentialFodhelperUACBypass.yaml',
    tables: ['SecurityEvent'],
    rowIds: true,
    minRows: 3,
    sql: (_, __, columns) => {
      const all = columns('SecurityEvent');
      const q = (c: string) => `"${c}"`;
      // simple mode: anchored at the start, each column up to the first occurrence of the next constant, the last one to the end
      const re = String.raw`'^\\REGISTRY\\(.*?)\\(.*)$'`;
      return `
      WITH l AS (SELECT * FROM (
        SELECT *, time_bucket(INTERVAL 1 HOUR, TimeGenerated) AS TimeKey,
               CASE WHEN regexp_matches(ObjectName, ${re}) THEN regexp_extract(ObjectName, ${re}, 1) ELSE '' END AS KeyPrefix,
               CASE WHEN regexp_matches(ObjectName, ${re}) THEN regexp_extract(ObjectName, ${re}, 2) ELSE '' END AS RegistryKey
        FROM SecurityEvent WHERE EventID = 4657)
        WHERE ${has('RegistryKey', 'Software\\Classes\\ms-settings\\shell\\open\\command')}),
      lu AS (SELECT * FROM l WHERE _row IN (SELECT min(_row) FROM l GROUP BY TimeKey, Computer)),
      r AS (
        SELECT *, time_bucket(INTERVAL 1 HOUR, TimeGenerated) AS TimeKey FROM SecurityEvent
        WHERE EventID = 4688 AND ${inCi('Process', ['fodhelper.exe'])}
          AND (ends_with(lower(ParentProcessName), 'cmd.exe') OR ends_with(lower(ParentProcessName), 'powershell.exe') OR ends_with(lower(ParentProcessName), 'powershell_ise.exe')))
      SELECT lu.RegistryKey, ${all.map((c) => `lu.${q(c)}`).join(', ')}, lu.KeyPrefix, lu.TimeKey,
             ${all.map((c) => `r.${q(c)} AS ${q(c + '1')}`).join(', ')}, r.TimeKey AS TimeKey1
      FROM lu JOIN r ON lu.TimeKey = r.TimeKey AND lu.Computer = r.Computer`;
    },
  },
  {
    // contains, in (numbers against a string column), count, make_set of a dynamic path, bin(TimeGenerated, 1d),
    // in (tabular subquery), == on a string column, mv-expand of a make_set, tostring, leftanti on two keys ($left/$right)
    file: 'FalconFriday/ExpiredAccessCredentials.yaml',
    tables: ['SigninLogs'],
    unordered: ['FailedUserAgents', 'FailedCountries', 'FailedIps'],
    minRows: 3,
    sql: (now) => {
      const country = "json_extract(LocationDetails, '$.countryOrRegion')";
      return `
      WITH s AS (
        SELECT UserPrincipalName, time_bucket(INTERVAL 1 DAY, TimeGenerated) AS Day, count(*) AS FailedCountPerDay,
               list(DISTINCT UserAgent) AS FailedUserAgents,
               coalesce(list(DISTINCT ${country}) FILTER (WHERE json_type(${country}) <> 'NULL'), []) AS FailedCountries,
               list(DISTINCT IPAddress) AS FailedIps
        FROM SigninLogs
        WHERE TimeGenerated >= ${ago(now, '1 DAY')} AND ${contains('ResourceDisplayName', 'Windows Azure Active Directory')}
          AND ResultType IN ('50173', '50132', '70008', '81010')
        GROUP BY ALL),
      SuccessLogins AS (
        SELECT UserPrincipalName, IPAddress FROM SigninLogs
        WHERE TimeGenerated >= ${ago(now, '7 DAY')} AND UserPrincipalName IN (SELECT UserPrincipalName FROM s) AND ResultType = '0'
        GROUP BY ALL),
      e AS (SELECT *, unnest(FailedIps) AS FailedIp FROM s)
      SELECT UserPrincipalName, Day, FailedCountPerDay, to_json(FailedUserAgents) AS FailedUserAgents, to_json(FailedCountries) AS FailedCountries,
             to_json(FailedIps) AS FailedIps, FailedIp
      FROM e WHERE NOT EXISTS (SELECT 1 FROM SuccessLogins x WHERE x.IPAddress = e.FailedIp AND x.UserPrincipalName = e.UserPrincipalName)`;
    },
  },
  {
    // parse_json of a dynamic column, ==, != and !startswith (a backslash needle), lookup kind=inner (key once),
    // startswith against a dynamic value, datetime >=, partition by (top 1 by MountTime), has '.', substring
    file: 'Microsoft Defender XDR/FilesCopiedToUSBDrives.yaml',
    tables: ['DeviceEvents', 'DeviceFileEvents'],
    minRows: 3,
    prepare: (table, data) => {
      // partition by ReportId needs one row per id; drive letters that some generated folder paths start with
      if (table === 'DeviceFileEvents') uniqueIds(data, 'ReportId');
      if (table !== 'DeviceEvents') return;
      const j = data.columns.findIndex((c) => c.name === 'AdditionalFields');
      data.rows.forEach((row, i) => {
        const bag = row[j] && typeof row[j] === 'object' && !Array.isArray(row[j]) ? row[j] as { [k: string]: Value } : {};
        row[j] = { ...bag, DriveLetter: ['/usr', '/USR/', 'rund', 'D:\\', 'C:'][i % 5] };
      });
    },
    sql: () => `
      WITH UsbDriveMount AS (
        SELECT DeviceId, DeviceName, json_extract(AdditionalFields, '$.DriveLetter') AS DriveLetter, TimeGenerated AS MountTime,
               json_extract(AdditionalFields, '$.ProductName') AS ProductName, json_extract(AdditionalFields, '$.SerialNumber') AS SerialNumber,
               json_extract(AdditionalFields, '$.Manufacturer') AS Manufacturer
        FROM DeviceEvents WHERE ActionType = 'UsbDriveMounted'),
      FileCreation AS (
        SELECT ReportId, DeviceId, InitiatingProcessAccountDomain, InitiatingProcessAccountName, InitiatingProcessAccountUpn,
               FileName, FolderPath, SHA256, TimeGenerated, SensitivityLabel, IsAzureInfoProtectionApplied
        FROM DeviceFileEvents
        WHERE InitiatingProcessAccountName <> 'system' AND ActionType = 'FileCreated'
          AND NOT starts_with(lower(FolderPath), 'c:\\') AND NOT starts_with(FolderPath, '\\')),
      j AS (
        SELECT f.*, u.DeviceName, u.DriveLetter, u.MountTime, u.ProductName, u.SerialNumber, u.Manufacturer,
               row_number() OVER (PARTITION BY f.ReportId ORDER BY u.MountTime DESC) AS n
        FROM FileCreation f JOIN UsbDriveMount u ON f.DeviceId = u.DeviceId
        WHERE starts_with(lower(f.FolderPath), lower(${jsonText('u.DriveLetter')})) AND f.TimeGenerated >= u.MountTime)
      SELECT * EXCLUDE (n), ${HOST_AND_DOMAIN}, 'SHA256' AS FileHashAlgorithm
      FROM j WHERE n = 1`,
  },
  {
    // == on a string column against a number, tostring of a dynamic path, tolower, =~ or has, summarize min/max,
    // arg_max(TimeGenerated, *), iif, make_set of strings and of dynamic arrays (flattened), sum, project-rename,
    // two leftouter joins (renamed right keys), null arithmetic, sort
    file: 'Microsoft Entra ID/MFARejectedbyUser.yaml',
    edits: [['let riskScoreCutoff = 20;', 'let riskScoreCutoff = -1000;']],
    tables: ['SigninLogs', 'IdentityInfo', 'BehaviorAnalytics'],
    prepare: (table, data) => {
      // arg_max(TimeGenerated, *) returns any of the tied rows (arg-max-aggregation-function.md): no ties, no nulls
      if (table !== 'IdentityInfo') return;
      const t = data.columns.findIndex((c) => c.name === 'TimeGenerated');
      data.rows.forEach((row, i) => { row[t] = ((row[t] as number | null) ?? 0) + i; });
    },
    unordered: ['Tags', 'GroupMembership', 'AssignedRoles', 'UserType', 'UserAccountControl', 'UsersInsights', 'DevicesInsights'],
    minRows: 3,
    sql: () => {
      const details = jsonText("json_extract(Status, '$.additionalDetails')");
      // sum() of only nulls is 0 (summarize-operator.md, "Default values of aggregations"), DuckDB says NULL
      /** make_set's view of one dynamic value: an array's non-null elements, a scalar alone, nothing for null. */
      const elements = (x: string) => `CASE WHEN ${x} IS NULL OR json_type(${x}) = 'NULL' THEN []::JSON[] WHEN json_type(${x}) = 'ARRAY' THEN list_filter(json_extract(${x}, '$[*]'), e -> json_type(e) <> 'NULL') ELSE [${x}] END`;
      const setOf = (column: string) => `(SELECT IPAddress, list(DISTINCT e) AS s FROM (SELECT IPAddress, unnest(${elements(column)}) AS e FROM ba) GROUP BY IPAddress)`;
      return `
      WITH s AS (
        SELECT lower(UserPrincipalName) AS UserPrincipalName, UserId, AADTenantId, IPAddress, TimeGenerated FROM SigninLogs
        WHERE ResultType = '500121' AND (lower(${details}) = 'mfa denied; user declined the authentication' OR ${has(details, 'fraud')})),
      l AS (
        SELECT UserPrincipalName, UserId, AADTenantId, IPAddress, min(TimeGenerated) AS StartTime, max(TimeGenerated) AS EndTIme,
               split_part(UserPrincipalName, '@', 1) AS Name, split_part(UserPrincipalName, '@', 2) AS UPNSuffix
        FROM s GROUP BY UserPrincipalName, UserId, AADTenantId, IPAddress),
      latest AS (SELECT * FROM IdentityInfo QUALIFY row_number() OVER (PARTITION BY AccountUPN ORDER BY TimeGenerated DESC) = 1),
      r1 AS (
        SELECT AccountUPN, to_json([Tags]) AS Tags, to_json(list_distinct(${elements('GroupMembership')})) AS GroupMembership,
               to_json(list_distinct(${elements('AssignedRoles')})) AS AssignedRoles, CASE WHEN BlastRadius = 'High' THEN 1 ELSE 0 END AS BlastRadiusInt,
               to_json([UserType]) AS UserType, to_json([UserType]) AS UserAccountControl, lower(AccountUPN) AS UserPrincipalName
        FROM latest),
      ba AS (
        SELECT SourceIPAddress AS IPAddress, UsersInsights, DevicesInsights, InvestigationPriority FROM BehaviorAnalytics
        WHERE ActivityType IN ('FailedLogOn', 'LogOn') AND coalesce(SourceIPAddress, '') <> ''),
      r2 AS (
        SELECT g.IPAddress, to_json(coalesce(ui.s, []::JSON[])) AS UsersInsights, to_json(coalesce(di.s, []::JSON[])) AS DevicesInsights, g.p AS IPInvestigationPriority
        FROM (SELECT IPAddress, coalesce(sum(InvestigationPriority), 0) AS p FROM ba GROUP BY IPAddress) g
        LEFT JOIN ${setOf('UsersInsights')} ui ON ui.IPAddress = g.IPAddress LEFT JOIN ${setOf('DevicesInsights')} di ON di.IPAddress = g.IPAddress)
      SELECT l.*, r1.AccountUPN, r1.Tags, r1.GroupMembership, r1.AssignedRoles, r1.BlastRadiusInt, r1.UserType, r1.UserAccountControl,
             r1.UserPrincipalName AS UserPrincipalName1, r2.IPAddress AS IPAddress1, r2.UsersInsights, r2.DevicesInsights, r2.IPInvestigationPriority,
             r1.BlastRadiusInt + r2.IPInvestigationPriority AS UEBARiskScore
      FROM l LEFT JOIN r1 ON l.UserPrincipalName = r1.UserPrincipalName LEFT JOIN r2 ON l.IPAddress = r2.IPAddress
      WHERE r1.BlastRadiusInt + r2.IPInvestigationPriority > -1000`;
    },
  },
  {
    // a function with a parameter, =~, ==, has with a punctuated needle on a dynamic column (its JSON text),
    // mv-expand of a dynamic column (arrays, bags into one-key bags, null kept, empty dropped), tostring of a
    // path, inner join on a computed key, datetime >, split(…)[i]
    file: 'Microsoft 365/ExternalUserAddedRemovedInTeams.yaml',
    tables: ['OfficeActivity'],
    minRows: 3,
    prepare: (_, data) => {
      // member lists of a few guests (#EXT# in the UPN, in any case), some other shapes: a bag, a string, [] and null
      const col = (name: string) => data.columns.findIndex((c) => c.name === name);
      const [members, operation, workload] = [col('Members'), col('Operation'), col('OfficeWorkload')];
      const guests = ['ann_contoso.com#EXT#@fabrikam.onmicrosoft.com', 'BOB_X.COM#ext#@fabrikam.onmicrosoft.com', 'carol@fabrikam.com', 'dan#EXTRA#@x.com'];
      const shapes: Value[] = [[{ UPN: guests[0], Role: 1 }], [{ UPN: guests[1] }, { UPN: guests[2] }], [{ UPN: guests[3] }, { UPN: guests[0] }],
        { UPN: guests[1] }, 'ann#EXT#', [], null, [{ upn: guests[0] }, { UPN: null }]];
      data.rows.forEach((row, i) => {
        row[members] = shapes[(i * 7) % shapes.length];
        row[operation] = ['MemberAdded', 'MemberRemoved', 'memberadded'][i % 3];
        if (i % 5 !== 0) row[workload] = 'MicrosoftTeams';
      });
    },
    sql: () => {
      const upn = jsonText("json_extract(e, '$.UPN')");
      /** One row per element of `m` as mv-expand makes them (mv-expand-operator.md, "Returns" and "Modes of expansion"). */
      const expanded = (m: string) => `CASE WHEN ${m} IS NULL THEN [NULL::JSON] WHEN json_type(${m}) = 'ARRAY' THEN json_extract(${m}, '$[*]')
        WHEN json_type(${m}) = 'OBJECT' THEN list_transform(json_keys(${m}), k -> json_object(k, json_extract(${m}, '$."' || k || '"'))) ELSE [${m}] END`;
      const teams = (op: string) => `(
        SELECT TimeGenerated, Operation, ${upn} AS UPN, UserId, TeamName
        FROM (SELECT *, unnest(${expanded('Members')}) AS e FROM OfficeActivity
              WHERE lower(OfficeWorkload) = 'microsoftteams' AND Operation = '${op}' AND ${has(jsonText('Members'), '#EXT#')})
        WHERE ${has(upn, '#EXT#')})`;
      return `
      SELECT a.TimeGenerated AS TimeAdded, d.TimeGenerated AS TimeDeleted, a.UPN, a.UserId AS UserWhoAdded, d.UserId AS UserWhoDeleted, a.TeamName,
             split_part(a.UPN, '@', 1) AS AccountName, split_part(a.UPN, '@', 2) AS AccountUPNSuffix
      FROM ${teams('MemberAdded')} a JOIN ${teams('MemberRemoved')} d ON a.UPN = d.UPN
      WHERE d.TimeGenerated > a.TimeGenerated`;
    },
  },
  {
    // =~, has with spaced phrases, todynamic of a string column and parse of its text form (simple mode, leading
    // and trailing *), has_any with needles that start with a space, case, trim_start, split(…)[-1], iff, contains,
    // count() and min/max by eight keys
    file: 'Microsoft 365/Malicious_Inbox_Rule.yaml',
    tables: ['OfficeActivity'],
    minRows: 3,
    prepare: (_, data) => {
      // inbox rule parameters as Exchange logs them (JSON lists of Name/Value, spaced or not), and some plain text
      const col = (name: string) => data.columns.findIndex((c) => c.name === name);
      const params = [
        '[{"Name":"SubjectContainsWords","Value":"Fake invoice;urgent"},{"Name":"DeleteMessage","Value":"True"}]',
        '[ { "Name" : "BodyContainsWords", "Value" : "do not click" }, { "Name" : "MoveToFolder", "Value" : "Junk Email" } ]',
        '[{"Name":"SubjectOrBodyContainsWords","Value":"hijacked; Fatal error"},{"Name":"MoveToFolder","Value":"Deleted Items"}]',
        '[{"Name":"SubjectContainsWords","Value":"fakeinvoice"},{"Name":"DeleteMessage","Value":"True"}]',
        'Deleted Items SubjectContainsWords= a helpdesk alert } more',
        '[{"Name":"BodyContainsWords","Value":"PHISHING"},{"Name":"StopProcessingRules","Value":"True"}]',
        '{"DeleteMessage": true, "SubjectContainsWords": " spam", "x": {"y": 1.50}}',
      ];
      const ips = ['10.0.0.5:51234', '[2001:db8::5]:443', '::1', '', '203.0.113.7'];
      const objects = ['contoso.onmicrosoft.com/Users/alice/Rule1', 'CONTOSO\\alice\\Rule2', '', 'Rule3'];
      data.rows.forEach((row, i) => {
        row[col('Parameters')] = params[i % params.length];
        row[col('ClientIP')] = ips[(i * 3) % ips.length];
        row[col('OfficeObjectId')] = objects[(i * 5) % objects.length];
        row[col('Operation')] = ['New-InboxRule', 'new-inboxrule', 'Set-InboxRule'][i % 3];
      });
    },
    sql: (_, query) => {
      const keywords = [...(/let Keywords = dynamic\(\[([^\]]*)\]\)/.exec(query)![1].matchAll(/"([^"]*)"/g))].map((m) => m[1]);
      const parsed = (name: string) => `regexp_extract(ev, '(?s)^.*?${name}(.*?)\\}.*$', 1)`;
      return `
      WITH a AS (
        SELECT *, CASE WHEN trim(Parameters) = '' THEN '' WHEN TRY_CAST(Parameters AS JSON) IS NULL THEN Parameters
                       ELSE ${jsonText('json(TRY_CAST(Parameters AS JSON))')} END AS ev
        FROM OfficeActivity
        WHERE ${inCi('Operation', ['New-InboxRule'])}
          AND (${has('Parameters', 'Deleted Items')} OR ${has('Parameters', 'Junk Email')} OR ${has('Parameters', 'DeleteMessage')})),
      b AS (
        SELECT *, ${parsed('SubjectContainsWords')} AS S, ${parsed('BodyContainsWords')} AS B, ${parsed('SubjectOrBodyContainsWords')} AS SB FROM a),
      c AS (
        SELECT Operation, UserId,
               CASE WHEN contains(ClientIP, '.') THEN split_part(ClientIP, ':', 1) WHEN contains(ClientIP, '[') THEN ltrim(split_part(ClientIP, ']', 1), '[') ELSE ClientIP END AS ClientIPAddress,
               ResultStatus, CASE WHEN S <> '' THEN S WHEN B <> '' THEN B ELSE SB END AS Keyword, OriginatingServer, OfficeObjectId,
               CASE WHEN contains(OfficeObjectId, '/') THEN string_split(OfficeObjectId, '/')[-1] ELSE string_split(OfficeObjectId, '\\')[-1] END AS RuleDetail,
               TimeGenerated
        FROM b WHERE ${hasAny('S', keywords)} OR ${hasAny('B', keywords)} OR ${hasAny('SB', keywords)})
      SELECT Operation, UserId, ClientIPAddress, ResultStatus, Keyword, OriginatingServer, OfficeObjectId, RuleDetail, count(*) AS count_,
             min(TimeGenerated) AS StartTimeUtc, max(TimeGenerated) AS EndTimeUtc, min(TimeGenerated) AS timestamp, ClientIPAddress AS IPCustomEntity,
             UserId AS AccountCustomEntity, OriginatingServer AS HostCustomEntity
      FROM c GROUP BY Operation, UserId, ClientIPAddress, ResultStatus, Keyword, OriginatingServer, OfficeObjectId, RuleDetail`;
    },
  },
  {
    // in~ or hassuffix (a term suffix, case-insensitive), =~, between two ago()s, count() by bin(TimeGenerated, 1d),
    // rightanti on three keys, make_list of datetimes and strings (input unsorted, so order undefined:
    // make-list-aggregation-function.md; compared as multisets), split(…)[0]
    file: 'Azure Activity/RareOperations.yaml',
    edits: [['let alertOperationThreshold = 5;', 'let alertOperationThreshold = 2;']],
    tables: ['AzureActivity'],
    unordered: ['ActivityTimeStamp', 'ActivityStatusValue', 'CorrelationIds', 'ResourceGroups', 'ResourceIds'],
    minRows: 3,
    sql: (now, query) => {
      const sensitive = [...(/let SensitiveOperationList = +dynamic\(\[([^\]]*)\]\)/.exec(query)![1].matchAll(/"([^"]*)"/g))].map((m) => m[1]);
      return `
      WITH sa AS (
        SELECT * FROM AzureActivity
        WHERE (${inCi('OperationNameValue', sensitive)} OR ${hasSuffix('OperationNameValue', 'listkeys/action')})
          AND ${inCi('ActivityStatusValue', ['Success'])}),
      l AS (
        SELECT CallerIpAddress, Caller, OperationNameValue FROM sa
        WHERE TimeGenerated BETWEEN ${ago(now, '14 DAY')} AND ${ago(now, '1 DAY')}
        GROUP BY CallerIpAddress, Caller, OperationNameValue, time_bucket(INTERVAL 1 DAY, TimeGenerated) HAVING count(*) >= 2),
      r AS (
        SELECT CallerIpAddress, Caller, OperationNameValue, min(TimeGenerated) AS StartTimeUtc, max(TimeGenerated) AS EndTimeUtc,
               to_json(list(${datetimeInDynamic('TimeGenerated')})) AS ActivityTimeStamp, to_json(list(coalesce(ActivityStatusValue, ''))) AS ActivityStatusValue,
               to_json(list(coalesce(CorrelationId, ''))) AS CorrelationIds, to_json(list(coalesce(ResourceGroup, ''))) AS ResourceGroups,
               to_json(list(coalesce(_ResourceId, ''))) AS ResourceIds, count(*) AS ActivityCountByCallerIPAddress
        FROM sa WHERE TimeGenerated >= ${ago(now, '1 DAY')}
        GROUP BY CallerIpAddress, Caller, OperationNameValue HAVING count(*) >= 2)
      SELECT *, split_part(Caller, '@', 1) AS Name, split_part(Caller, '@', 2) AS UPNSuffix FROM r
      WHERE NOT EXISTS (SELECT 1 FROM l WHERE l.CallerIpAddress = r.CallerIpAddress AND l.Caller = r.Caller AND l.OperationNameValue = r.OperationNameValue)`;
    },
  },
  {
    // has with a backslash needle and a punctuated one, endswith, !has, countof, not(has_any), dcount at small
    // cardinality, make_set with a limit (set_ column names), summarize by a named bin(TimeGenerated, 10m)
    file: 'Microsoft Defender XDR/RemoteFileCreationWithPsExec.yaml',
    edits: [['| where FileCount > 4', '| where FileCount > 1']],
    tables: ['DeviceFileEvents'],
    unordered: ['set_SHA1', 'set_FolderPath', 'set_FileName', 'set_InitiatingProcessCommandLine'],
    minRows: 3,
    prepare: (_, data) => {
      // PsExec copies onto remote shares from a few devices within minutes: command lines with and without the
      // flag, a second .exe (any case), .ps1/.bat or an excluded word; UNC and local folders; .exe and other files
      const col = (name: string) => data.columns.findIndex((c) => c.name === name);
      const commands = ['PsExec.exe -accepteula \\\\h1 -c run.exe', 'psexec64.exe /AcceptEula \\\\h2 x.EXE y.exe', 'psexec.exe -accepteula \\\\h3 a.ps1 b.exe c.exe',
        'psexec.exe -accepteula \\\\h4 go.bat', 'psexec.exe -accepteula \\\\h5 scripts.exe t.exe', 'psexec.exe -accepteulax \\\\h6 a.exe b.exe', 'psexec.exe -accepteula a.exes b.exe',
        'psexec.exe -accepteula \\\\h7 a.ps1x b.exe c.exe'];
      const folders = ['\\\\h1\\ADMIN$\\run.exe', '\\\\h2\\c$\\temp\\x.exe', 'C:\\Windows\\y.exe', '\\\\h3\\admin$\\PSEXESVC.EXE', '\\\\h1\\ADMIN$\\Run.exe', '\\\\h4\\c$\\go.bat'];
      const time = col('TimeGenerated');
      data.rows.forEach((row, i) => {
        if (i % 3 === 0) return;
        row[col('InitiatingProcessCommandLine')] = commands[i % commands.length];
        row[col('FolderPath')] = folders[(i * 5) % folders.length];
        row[col('FileName')] = ['run.exe', 'x.EXE', 'go.bat', 'a.exe.txt'][Math.floor(i / 8) % 4];
        row[col('DeviceId')] = `dev-${i % 2}`;
        row[col('DeviceName')] = ['pc1.contoso.com', 'pc2'][i % 2];
        row[col('InitiatingProcessFileName')] = ['PsExec.exe', 'psexec64.exe'][(i >> 2) % 2];
        row[time] = ticksFromUnixMs(Date.UTC(2023, 11, 31, 23, (i * 7) % 30)) + i;
      });
    },
    sql: () => {
      const cmd = 'InitiatingProcessCommandLine';
      // countof(text, search) in plain mode: non-overlapping, case-sensitive occurrences
      const exe = `((length(${cmd}) - length(replace(${cmd}, '.exe', ''))) // 4)`;
      return `
      SELECT DeviceId, DeviceName, time_bucket(INTERVAL 10 MINUTE, TimeGenerated) AS TimeWindow, InitiatingProcessFileName,
             count(DISTINCT FolderPath) AS FileCount, to_json(list(DISTINCT SHA1)) AS set_SHA1, to_json(list(DISTINCT FolderPath)) AS set_FolderPath,
             to_json(list(DISTINCT FileName)) AS set_FileName, to_json(list(DISTINCT ${cmd})) AS set_${cmd}, ${HOST_AND_DOMAIN}
      FROM DeviceFileEvents
      WHERE ${has(cmd, 'accepteula')} AND ${has('FolderPath', '\\\\')} AND ends_with(lower(FileName), '.exe')
        AND ((NOT ${has(cmd, '.ps1')} AND ${exe} > 1) OR ${has(cmd, '.bat')})
        AND NOT ${hasAny(cmd, ['batch', 'auditpol', 'script', 'scripts', 'illusive', 'rebootrequired'])}
      GROUP BY ALL HAVING count(DISTINCT FolderPath) > 1`;
    },
  },
  {
    // materialize, contains, =~, !~ between columns, bin(Timestamp, 5s), inner join then leftouter (renamed right
    // columns), datetime + timespan, datetime_diff("second") between (0 .. 2) (second boundaries crossed, not
    // elapsed time: datetime-diff-function.md), !in and in (a tabular subquery), a three-key join with $left/$right,
    // !in~, make_set by nine keys
    file: 'FalconFriday/Distributed Component Object Model.yaml',
    tables: ['DeviceNetworkEvents', 'DeviceProcessEvents'],
    unordered: ['set_ProcessCommandLine'],
    minRows: 3,
    prepare: (table, data) => {
      // RPC connections and DCOM launches on three devices within seconds of each other (sub-second ticks, so
      // boundaries crossed and elapsed seconds differ), boot times before and after, and the launched children
      const col = (name: string) => data.columns.findIndex((c) => c.name === name);
      const set = (row: Value[], values: Record<string, Value>) => { for (const [k, v] of Object.entries(values)) row[col(k)] = v; };
      const base = ticksFromUnixMs(Date.UTC(2023, 11, 31, 23, 0, 0));
      const at = (i: number) => base + (i % 7) * 10_000_000 + ((i * 3_999_991) % 10_000_000);
      data.rows.forEach((row, i) => {
        const device = { DeviceId: `dev-${i % 3}`, DeviceName: `pc${i % 3}.contoso.com` };
        if (table === 'DeviceNetworkEvents') {
          if (i % 4 === 3) return set(row, device);
          return set(row, { ...device, InitiatingProcessFileName: ['svchost.exe', 'SvcHost.exe'][i % 2], InitiatingProcessCommandLine: ['svchost.exe -k RPCSS -p', 'svchost -k rpcssx'][i % 2],
            LocalPort: i % 5 === 4 ? 445 : 135, LocalIP: '10.0.0.1', RemoteIP: ['10.0.0.2', '10.0.0.1', '10.0.0.3'][Math.floor(i / 4) % 3], ActionType: 'InboundConnectionAccepted', Timestamp: at(i) });
        }
        const role = Math.floor(i / 3) % 4;
        if (role === 0) {
          return set(row, { ...device, InitiatingProcessFileName: 'svchost.exe', InitiatingProcessCommandLine: 'svchost.exe -k DcomLaunch -p', InitiatingProcessParentFileName: 'services.exe',
            InitiatingProcessId: 50 + (i % 2), ProcessId: 100 + (i % 5), FileName: ['mmc.exe', 'EXCEL.EXE', 'dllhost.exe', 'Mmc.exe'][Math.floor(i / 5) % 4], ProcessCommandLine: `mmc.exe -Embedding ${i % 2}`, Timestamp: at(i * 5) });
        }
        if (role === 1) return set(row, { ...device, FileName: 'services.exe', InitiatingProcessFileName: 'wininit.exe', InitiatingProcessParentFileName: 'smss.exe', Timestamp: base - [3_000_000_000, 6_000_000_000, 0][i % 3] });
        set(row, { ...device, InitiatingProcessParentFileName: 'svchost.exe', InitiatingProcessFileName: ['mmc.exe', 'EXCEL.EXE', 'Mmc.exe', 'dllhost.exe'][i % 4],
          InitiatingProcessParentId: 50 + (i % 2), InitiatingProcessId: 100 + (i % 5), FileName: ['cmd.exe', 'csc.exe', 'CSC.EXE', 'whoami.exe'][Math.floor(i / 2) % 4], ProcessCommandLine: `cmd /c whoami /${i % 4}` });
      });
    },
    sql: () => {
      const allow = ['TiWorker.exe', 'dllhost.exe', 'backgroundTaskHost.exe', 'mobsync.exe', 'WmiPrvSE.exe', 'RuntimeBroker.exe', 'smartscreen.exe', 'SppExtComObj.Exe', 'usocoreworker.exe', 'browser_broker.exe', 'ssoncom.exe'];
      // a Kusto string is never null: compare the empty string where DuckDB would give NULL
      const s = (c: string) => `coalesce(${c}, '')`;
      return `
      WITH rpc AS (
        SELECT time_bucket(INTERVAL 5 SECOND, Timestamp) AS TimestampNetwEvent, Timestamp AS TimestampNetwEventExact, DeviceId, DeviceName,
               InitiatingProcessId AS RPCHostID, InitiatingProcessFileName AS RPCHostFileName, LocalIP, RemoteIP
        FROM DeviceNetworkEvents
        WHERE ${inCi('InitiatingProcessFileName', ['svchost.exe'])} AND ${contains('InitiatingProcessCommandLine', 'rpcss')} AND LocalPort = 135
          AND lower(${s('LocalIP')}) <> lower(${s('RemoteIP')}) AND ${s('ActionType')} <> 'ListeningConnectionCreated'),
      dcom AS (
        SELECT time_bucket(INTERVAL 5 SECOND, Timestamp) AS TimestampProcEvent, Timestamp AS TimestampProcEventExact, DeviceId, DeviceName,
               InitiatingProcessId AS DCOMHostPID, InitiatingProcessFileName AS DCOMHostFileName, ProcessId AS DCOMPID, FileName AS DCOMFileName, ProcessCommandLine AS DCOMCmdLine
        FROM DeviceProcessEvents WHERE ${inCi('InitiatingProcessFileName', ['svchost.exe'])} AND ${contains('InitiatingProcessCommandLine', 'dcomlaunch')}),
      boot AS (SELECT DeviceId, max(Timestamp) AS LastBootTime FROM DeviceProcessEvents WHERE ${inCi('FileName', ['services.exe'])} GROUP BY DeviceId),
      remote AS (
        SELECT r.*, d.*, b.LastBootTime FROM rpc r JOIN dcom d ON r.DeviceId = d.DeviceId LEFT JOIN boot b ON r.DeviceId = b.DeviceId
        WHERE d.TimestampProcEvent > b.LastBootTime + INTERVAL 5 MINUTE
          AND date_diff('second', r.TimestampNetwEventExact, d.TimestampProcEventExact) BETWEEN 0 AND 2
          AND ${s('d.DCOMFileName')} NOT IN (${allow.map((a) => `'${a}'`).join(', ')}))
      SELECT x.TimestampNetwEventExact, x.TimestampProcEventExact, x.DeviceId, x.DeviceName, p.InitiatingProcessId, x.LocalIP, x.RemoteIP, x.LastBootTime, x.DCOMCmdLine,
             to_json(list(DISTINCT p.ProcessCommandLine)) AS set_ProcessCommandLine
      FROM remote x JOIN DeviceProcessEvents p ON x.DCOMHostPID = p.InitiatingProcessParentId AND x.DeviceId = p.DeviceId AND x.DCOMPID = p.InitiatingProcessId
      WHERE ${inCi('p.InitiatingProcessParentFileName', ['svchost.exe'])} AND p.InitiatingProcessFileName IN (SELECT DCOMFileName FROM remote)
        AND lower(p.InitiatingProcessFileName) = lower(x.DCOMFileName) AND NOT ${inCi('p.FileName', ['csc.exe'])}
      GROUP BY ALL`;
    },
  },
  {
    // startswith (case-insensitive prefix, not a term match), =~, three has, has '.', substring/indexof
    file: 'Microsoft Defender XDR/DoppelpaymerStopService.yaml',
    tables: ['DeviceProcessEvents'],
    minRows: 3,
    prepare: (_, data) => {
      // PsExec-launched PowerShell stopping services, spelled in several ways (psexe as a prefix, inside a word, glued)
      const col = (name: string) => data.columns.findIndex((c) => c.name === name);
      data.rows.forEach((row, i) => {
        if (i % 2) return;
        row[col('InitiatingProcessFileName')] = ['PSEXESVC.exe', 'psexec64.exe', 'xpsexec.exe', 'PsExe', 'ps.exe'][Math.floor(i / 2) % 5];
        row[col('FileName')] = ['powershell.exe', 'PowerShell.EXE'][i % 4 === 0 ? 0 : 1];
        row[col('ProcessCommandLine')] = ['Stop-Service -Name sql -Force; stop-service MSExchangeIS', 'stop-service mssql msexchange', 'Stop-Service sql,msexchange',
          'stop-services sql msexchange', 'Stop-Service SQL MSExchange2'][Math.floor(i / 3) % 5];
      });
    },
    sql: () => `
      SELECT *, ${HOST_AND_DOMAIN} FROM DeviceProcessEvents
      WHERE starts_with(lower(InitiatingProcessFileName), 'psexe') AND ${inCi('FileName', ['powershell.exe'])}
        AND ${has('ProcessCommandLine', 'stop-service')} AND ${has('ProcessCommandLine', 'sql')} AND ${has('ProcessCommandLine', 'msexchange')}`,
  },
];
