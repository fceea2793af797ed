// Derives the small data folders of the DCOM rule's test cases from the OTRF rows (../otrf-dcom):
// `baseline/` is the minimal slice on which the rule fires, and each other folder changes exactly one thing
// so that one filter of the rule removes the hit. Run `node derive.mjs` here to regenerate.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const src = new URL('../otrf-dcom/', import.meta.url);
const read = (name) => readFileSync(new URL(name, src), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const ws6 = 'workstation6.theshire.local';
const network = read('otrf_covenant_dcom_executeexcel4macro_allowed.DeviceNetworkEvents.jsonl')
  .filter((r) => r.DeviceName === ws6 && r.LocalPort === 135 && r.ActionType === 'InboundConnectionAccepted');
const processes = read('otrf_covenant_dcom_executeexcel4macro_allowed.DeviceProcessEvents.jsonl')
  .filter((r) => r.DeviceName === ws6 && (r.ProcessId === 1324 || r.InitiatingProcessId === 1324));
const boot = read('synthetic_boot_anchor.DeviceProcessEvents.jsonl').filter((r) => r.DeviceName === ws6);

/** Sets both time columns (and the creation time) of a row, as one event at another time. */
const at = (row, iso) => ({ ...row, Timestamp: iso, TimeGenerated: iso, ...(row.ProcessCreationTime ? { ProcessCreationTime: iso } : {}) });
const isDcomServer = (r) => r.ProcessId === 1324;
const isChild = (r) => r.InitiatingProcessId === 1324;

const cases = {
  // The unchanged slice: 2 inbound RPC connections, EXCEL.EXE from DcomLaunch, its 2 children, the boot anchor.
  baseline: { network, processes: [...processes, ...boot] },
  // The DCOM server is a process the rule allow-lists (dllhost.exe).
  'allow-listed-server': {
    network,
    processes: [...processes.map((r) => isDcomServer(r) ? { ...r, FileName: 'dllhost.exe', FolderPath: 'C:\\Windows\\System32\\dllhost.exe' }
      : isChild(r) ? { ...r, InitiatingProcessFileName: 'dllhost.exe' } : r), ...boot],
  },
  // The DCOM server starts 3 s after the RPC connection (datetime_diff in seconds is 3, outside 0..2).
  'more-than-2s-apart': { network, processes: [...processes.map((r) => isDcomServer(r) ? at(r, '2020-09-17T21:46:08.5600000Z') : r), ...boot] },
  // The host booted 3 minutes before: the rule ignores the first 5 minutes after boot.
  'within-5-min-of-boot': { network, processes: [...processes, ...boot.map((r) => at(r, '2020-09-17T21:43:00.0000000Z'))] },
  // The DCOM server's children are csc.exe (Defender's own compilations are allow-listed).
  'csc-child': {
    network,
    processes: [...processes.map((r) => isChild(r) ? { ...r, FileName: 'csc.exe', FolderPath: 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe', ProcessCommandLine: 'csc.exe /noconfig @C:\\Windows\\Temp\\x.cmdline' } : r), ...boot],
  },
  // The RPC connection comes from the host itself (local IP = remote IP).
  'local-equals-remote': { network: network.map((r) => ({ ...r, RemoteIP: r.LocalIP })), processes: [...processes, ...boot] },
  // The RPC event is the listening socket, not an inbound connection.
  'listening-socket': { network: network.map((r) => ({ ...r, ActionType: 'ListeningConnectionCreated', RemoteIP: '', RemotePort: null })), processes: [...processes, ...boot] },
};

for (const [name, data] of Object.entries(cases)) {
  const dir = new URL(`${name}/`, import.meta.url);
  mkdirSync(dir, { recursive: true });
  const jsonl = (rows) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(new URL('dcom.DeviceNetworkEvents.jsonl', dir), jsonl(data.network));
  writeFileSync(new URL('dcom.DeviceProcessEvents.jsonl', dir), jsonl(data.processes));
}
