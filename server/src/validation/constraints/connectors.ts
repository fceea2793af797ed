// `requiredDataConnectors[].connectorId` must be an id of ValidConnectorIds.json, compared exactly (SR210).
import { diagnostic } from '../diagnostic';
import { connectorIdFor, isValidConnectorId } from '../connectorIds';
import { recordItems, type ConstraintCheck } from './context';

export const checkConnectors: ConstraintCheck = ({ rule, fields }) =>
  recordItems(fields.requiredDataConnectors).flatMap(([connector, i]) => {
    const id = connector.connectorId;
    if (typeof id !== 'string' || isValidConnectorId(id)) return [];
    const range = rule.valueOrKeyRange(['requiredDataConnectors', i, 'connectorId']);
    const meant = connectorIdFor(id);
    if (meant) {
      return [diagnostic('SR210', `\`connectorId\` \`${id}\` must be written \`${meant}\` exactly; the CI compares connector ids exactly.`, range, {
        fixes: [{ title: `Change to '${meant}'`, edits: [{ range, newText: meant }], isPreferred: true }],
      })];
    }
    return [diagnostic('SR210', `\`connectorId\` \`${id}\` is not a data connector id the Azure-Sentinel CI knows (ValidConnectorIds.json).`, range)];
  });
