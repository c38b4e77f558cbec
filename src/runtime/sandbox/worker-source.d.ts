/** The bundled sandbox worker as one ES module string (vite-plugins/sandbox-worker.ts). */
declare module 'virtual:sandbox-worker-source' {
  const code: string;
  export default code;
}
