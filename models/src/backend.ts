import * as tf from '@tensorflow/tfjs';

/** A TensorFlow.js backend name, as in TF_BACKEND. `auto` picks the fastest that loads. */
export type BackendName = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** The backend that `selectBackend` activated. */
export type ActiveBackend = Exclude<BackendName, 'auto'>;

/** Structured log sink, for example `(message, fields) => logger.info(fields, message)`. */
export type BackendLog = (message: string, fields: Record<string, unknown>) => void;

/** Imports a module by specifier. Tests replace it to simulate a broken native package. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

export type BackendErrorCode = 'unknown' | 'unavailable';

export class BackendError extends Error {
  override readonly name = 'BackendError';

  constructor(
    readonly code: BackendErrorCode,
    readonly backend: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

interface Candidate {
  name: ActiveBackend;
  /** Package whose import registers the backend, or null for the one built into tfjs. */
  packageName: string | null;
  /** Name under which the package registers the backend with tfjs. */
  registeredName: string;
}

const CANDIDATES: readonly Candidate[] = [
  // Both native packages register the same 'tensorflow' backend name.
  {
    name: 'tensorflow-gpu',
    packageName: '@tensorflow/tfjs-node-gpu',
    registeredName: 'tensorflow',
  },
  { name: 'tensorflow', packageName: '@tensorflow/tfjs-node', registeredName: 'tensorflow' },
  // In Node.js the package reads its .wasm files from its own dist folder, so setWasmPaths is
  // not needed. tfjs 4.22 turns wasm threads off in Node.js, so this runs single-threaded.
  { name: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm', registeredName: 'wasm' },
  { name: 'cpu', packageName: null, registeredName: 'cpu' },
];

const importModule: ModuleImporter = (specifier) => import(specifier);

/**
 * Activates a TensorFlow.js backend and resolves to its name.
 *
 * `auto` tries tensorflow-gpu, tensorflow, wasm and cpu in that order and logs the one it got
 * together with the reason each faster one was skipped. A forced backend that cannot load
 * rejects with a BackendError that names the package to install.
 */
export async function selectBackend(
  requested: BackendName,
  log: BackendLog = () => {},
  importer: ModuleImporter = importModule,
): Promise<ActiveBackend> {
  const forced = CANDIDATES.find((candidate) => candidate.name === requested);
  if (requested !== 'auto' && forced === undefined) {
    const names = ['auto', ...CANDIDATES.map((candidate) => candidate.name)].join(', ');
    throw new BackendError(
      'unknown',
      String(requested),
      `Unknown TensorFlow.js backend '${String(requested)}'. Use one of: ${names}.`,
    );
  }

  const candidates = forced === undefined ? CANDIDATES : [forced];
  const skipped: { backend: ActiveBackend; reason: string }[] = [];
  for (const candidate of candidates) {
    const failure = await activate(candidate, importer);
    if (failure === null) {
      log('selected TensorFlow.js backend', {
        requested,
        backend: candidate.name,
        ...(candidate.name === 'wasm' ? { simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT') } : {}),
        skipped,
      });
      return candidate.name;
    }
    skipped.push({ backend: candidate.name, reason: failure });
  }

  if (forced !== undefined) {
    throw new BackendError(
      'unavailable',
      forced.name,
      `TensorFlow.js backend '${forced.name}' is unavailable: ${skipped[0]?.reason}. ` +
        installHint(forced),
    );
  }
  const reasons = skipped.map((entry) => `${entry.backend}: ${entry.reason}`).join('; ');
  throw new BackendError('unavailable', 'auto', `No TensorFlow.js backend loaded (${reasons}).`);
}

/** Loads and activates one backend, resolving to null on success or to a short failure reason. */
async function activate(candidate: Candidate, importer: ModuleImporter): Promise<string | null> {
  if (candidate.packageName !== null) {
    try {
      await importer(candidate.packageName);
    } catch (error) {
      return describeImportFailure(candidate.packageName, error);
    }
  }

  try {
    // setBackend resolves to false, rather than rejecting, when the backend fails to initialize.
    if (!(await tf.setBackend(candidate.registeredName))) {
      return `backend '${candidate.registeredName}' failed to initialize`;
    }
    await tf.ready();
  } catch (error) {
    return `failed to initialize: ${firstLine(error)}`;
  }
  return null;
}

function describeImportFailure(packageName: string, error: unknown): string {
  // A missing package names itself in quotes. An installed native package whose install script
  // never ran fails instead on its own binding file, a path that merely contains the name.
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  if (notFound && message.includes(`'${packageName}'`)) {
    return `${packageName} is not installed`;
  }
  return `${packageName} failed to load: ${firstLine(error)}`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

function installHint(candidate: Candidate): string {
  if (candidate.packageName === null) {
    return 'The cpu backend ships with @tensorflow/tfjs; reinstall the dependencies.';
  }
  const install = `npm install --workspace models ${candidate.packageName}@${tf.version.tfjs}`;
  if (candidate.registeredName !== 'tensorflow') {
    return `Reinstall it with \`${install}\`.`;
  }
  const extra = candidate.name === 'tensorflow-gpu' ? ' The GPU build also needs CUDA.' : '';
  return (
    `Install it with \`${install}\`, then let its install script download libtensorflow: ` +
    `\`npm approve-scripts ${candidate.packageName} && npm rebuild ${candidate.packageName}\`.` +
    extra
  );
}
