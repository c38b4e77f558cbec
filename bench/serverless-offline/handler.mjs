// The same handlers as the local gateway's in bench/gateway.mjs.
export const connect = async () => ({ statusCode: 200 });
export const echo = async (event) => ({ statusCode: 200, body: event.body });
