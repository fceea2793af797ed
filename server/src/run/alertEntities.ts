// The entities of an alert, from the rule's entityMappings over the alert's result rows, as Microsoft
// documents them:
//
// * "Map data fields to entities in Microsoft Sentinel": "Up to 500 entities collectively can be identified in
//   a single alert, divided equally across all entity mappings defined in the rule. For example, if two
//   entity mappings are defined in the rule, each mapping can identify up to 250 entities [...] Multiple
//   mappings of a single entity type (say, source IP and destination IP) each count separately. If an alert
//   contains items in excess of this limit, those excess items will not be recognized and extracted as
//   entities."
// * "Microsoft Sentinel entity types reference": "Each one of the identifiers in the required identifiers
//   column is necessary to identify its entity", and "If the Account entity is defined using the Name
//   identifier, and the Name value of a particular entity is one of the following generic, commonly built-in
//   account names, then that entity will be dropped from its alert."
// * "Classify and analyze data using entities": "Whenever Microsoft Sentinel encounters two entities that it
//   can recognize as the same entity based on their identifiers, it merges the two entities into a single
//   entity."
import { requiredIdentifierSets } from '../validation/ruleSchema';
import type { EntityMappingSetting } from './settings';

/** Entities per alert, shared equally by the rule's entity mappings (docs: sentinel-service-limits). */
export const ENTITY_LIMIT = 500;

/** Account names whose Account entity (mapped by Name) is dropped (docs: entities-reference, User account). */
const BUILT_IN_ACCOUNT_NAMES = new Set(['ADMIN', 'ADMINISTRATOR', 'SYSTEM', 'ROOT', 'ANONYMOUS', 'AUTHENTICATED USER', 'NETWORK', 'NULL', 'LOCAL SYSTEM', 'LOCALSYSTEM', 'NETWORK SERVICE']);

const requiredSetsByType = new Map(Object.entries(requiredIdentifierSets).map(([type, sets]) => [type.toLowerCase(), sets]));

export interface AlertEntity {
  type: string;
  /** Identifier → value, as text; identifiers whose column is empty are left out. */
  identifiers: Record<string, string>;
}

/**
 * Entities of the mapped columns over the alert's rows, in row order and mapping order. Each mapping
 * identifies at most its equal share of ENTITY_LIMIT distinct entities; an identical entity met again (from
 * any mapping) is merged into the first.
 */
export function alertEntities(mappings: EntityMappingSetting[], rows: number[], cellText: (column: string, row: number) => string): AlertEntity[] {
  if (mappings.length === 0) return [];
  const share = Math.floor(ENTITY_LIMIT / mappings.length);
  const identified = mappings.map(() => 0);
  const seen = new Set<string>();
  const entities: AlertEntity[] = [];
  for (const row of rows) {
    mappings.forEach((m, i) => {
      if (identified[i] >= share) return;
      const identifiers: Record<string, string> = {};
      for (const f of m.fieldMappings) {
        const v = cellText(f.columnName, row);
        if (v !== '') identifiers[f.identifier] = v;
      }
      if (!isIdentified(m.entityType, identifiers)) return;
      const key = m.entityType.toLowerCase() + JSON.stringify(identifiers);
      if (seen.has(key)) return;
      seen.add(key);
      identified[i]++;
      entities.push({ type: m.entityType, identifiers });
    });
  }
  return entities;
}

/**
 * Whether the values identify an entity: at least one of the type's required identifier sets has a value for
 * each of its identifiers (a type we have no table for needs any value), and it is not a built-in account.
 */
function isIdentified(entityType: string, identifiers: Record<string, string>): boolean {
  const present = Object.keys(identifiers);
  if (present.length === 0) return false;
  const sets = requiredSetsByType.get(entityType.toLowerCase());
  if (sets && !sets.some((set) => set.every((id) => id in identifiers))) return false;
  const name = identifiers.Name;
  return !(entityType.toLowerCase() === 'account' && name !== undefined && BUILT_IN_ACCOUNT_NAMES.has(name.trim().toUpperCase()));
}
