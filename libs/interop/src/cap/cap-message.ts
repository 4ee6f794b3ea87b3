import { create } from 'xmlbuilder2';
import { type CapClassification } from './cap-mapping';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const CAP_CONTENT_TYPE = 'application/cap+xml';

export type CapMsgType = 'Alert' | 'Update' | 'Cancel';

/** The `sender,identifier,sent` of an earlier message, as `references` lists them. */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: string;
}

export interface CapInfo extends CapClassification {
  expires: string | null;
  senderName: string;
  headline: string;
  description: string;
  instruction: string;
  web: string;
  contact: string | null;
  parameters: Array<{ valueName: string; value: string }>;
  resources: Array<{ resourceDesc: string; mimeType: string; uri: string }>;
  area: {
    areaDesc: string;
    circles: string[];
    geocodes: Array<{ valueName: string; value: string }>;
  };
}

/** One CAP 1.2 alert message, in the standard's own terms. */
export interface CapMessage {
  identifier: string;
  sender: string;
  sent: string;
  status: 'Actual' | 'Exercise';
  msgType: CapMsgType;
  note: string | null;
  references: CapReference[];
  info: CapInfo | null;
}

const EMPTY = Symbol('absent');

/** Drops absent optional elements, so the document keeps the schema's order with only what is there. */
function present<T extends Record<string, unknown>>(element: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(element).filter(([, value]) => value !== EMPTY && value !== null && value !== undefined),
  ) as Partial<T>;
}

function infoElement(info: CapInfo) {
  return present({
    language: 'zh-CN',
    category: info.category,
    event: info.event,
    responseType: info.responseType,
    urgency: info.urgency,
    severity: info.severity,
    certainty: info.certainty,
    expires: info.expires,
    senderName: info.senderName,
    headline: info.headline,
    description: info.description,
    instruction: info.instruction,
    web: info.web,
    contact: info.contact,
    parameter: info.parameters.length ? info.parameters : EMPTY,
    resource: info.resources.length ? info.resources : EMPTY,
    area: present({
      areaDesc: info.area.areaDesc,
      circle: info.area.circles.length ? info.area.circles : EMPTY,
      geocode: info.area.geocodes.length ? info.area.geocodes : EMPTY,
    }),
  });
}

/** The message as an XML document, elements in the order CAP 1.2 prescribes. */
export function capXml(message: CapMessage): string {
  const alert = present({
    '@xmlns': CAP_NAMESPACE,
    identifier: message.identifier,
    sender: message.sender,
    sent: message.sent,
    status: message.status,
    msgType: message.msgType,
    scope: 'Public',
    note: message.note,
    references: message.references.length
      ? message.references.map((reference) => `${reference.sender},${reference.identifier},${reference.sent}`).join(' ')
      : EMPTY,
    info: message.info ? infoElement(message.info) : EMPTY,
  });
  return create({ version: '1.0', encoding: 'UTF-8' }, { alert }).end({ prettyPrint: true });
}
