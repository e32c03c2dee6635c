/** The environment for an npm a test starts: npm's per-run variables removed, the npm cache kept. */

export function npmEnvironment(): NodeJS.ProcessEnv {
    // Under `npm test` the environment carries npm_config_*, npm_package_* and npm_lifecycle_* of this
    // repository's run; a nested npm would read them as its own configuration. The cache stays: it is the
    // one this repository's npm ci filled.
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
        if (
            !key.toLowerCase().startsWith("npm_") ||
            ["npm_config_cache", "npm_config_userconfig"].includes(key.toLowerCase())
        ) {
            env[key] = value;
        }
    }
    return env;
}
