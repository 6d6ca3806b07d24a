/** Absolute path of the Electron executable, or null when it is not installed. */
export function electronBinaryPath(): string | null;
/** One line saying why Electron cannot start here (or where its binary is, when it can). */
export function whyNoElectron(): string;
/** Electron's own installer script (the `install-electron` bin), or null without the package. */
export function electronInstallerPath(): string | null;
