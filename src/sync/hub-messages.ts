// The message types of the hub's /sync channel, shared by the hub (server/hub) and every client
// that opens a hub document: y-websocket's own (sync, awareness, auth, query-awareness) and
// zuoxi's extension for durable acknowledgements.
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** zuoxi extension: the hub's durable state vector, sent to clients that asked with ?ack=1. */
export const MESSAGE_ACK = 100;
