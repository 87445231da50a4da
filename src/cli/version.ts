// The version `omni-dbt --version` prints; a unit test keeps it equal to package.json's.
export const CLI_VERSION = '1.1.0';
