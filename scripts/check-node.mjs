// The test command runs on the Node that `npm ci` installs into node_modules/.bin
// (the `node` devDependency). npm puts that folder first on PATH for scripts, so
// if we are on an older Node here, the pinned package did not install.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `This project needs Node >= 22.12, but npm ran Node ${process.versions.node}.\n` +
      'The pinned Node (devDependency "node@22.23.3") installs through an install script.\n' +
      'Fix: run `npm ci` with install scripts allowed (do not pass --ignore-scripts; npm 11 reads\n' +
      '"allowScripts": {"node": true} from package.json, or run `npm install-scripts approve node`),\n' +
      'or install Node 22 yourself (https://nodejs.org).',
  );
  process.exit(1);
}
