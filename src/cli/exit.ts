// The CLI's exit statuses (docs/cli.md, "Exit status"): 0 ok, 1 a failure as the action defines it, 2 a
// usage error.
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
