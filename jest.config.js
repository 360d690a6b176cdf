// Every project's jest configs in one run, so that one summary covers the whole workspace.
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const CONFIG_NAMES = ['jest.config.js', 'jest.integration.config.js'];

function projectConfigs(dir) {
  const found = CONFIG_NAMES.map((name) => join(dir, name)).filter((file) => existsSync(file));
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !['node_modules', 'dist', 'src', 'test'].includes(entry.name)) {
      found.push(...projectConfigs(join(dir, entry.name)));
    }
  }
  return found;
}

module.exports = {
  projects: ['apps', 'libs', 'tools', 'charts', 'deploy']
    .map((dir) => join(__dirname, dir))
    .filter((dir) => existsSync(dir))
    .flatMap(projectConfigs),
};
