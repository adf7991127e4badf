import { type SimQrScript } from '../interfaces/qr-script.types.js';
import { type WireObject } from '../protocol/uint64-json.js';
import { opaqueBase64 } from '../protocol/ids.js';

/** The script used by a QR created while no script is queued. */
export const DEFAULT_QR_STEPS: SimQrScript['steps'] = ['wait', 'scaned', 'confirmed'];
/** Wrong verify codes accepted before `verify_code_blocked`, when the script does not say. */
export const DEFAULT_MAX_WRONG_CODES = 3;
/** The pairing number expected when the script does not say. */
export const DEFAULT_VERIFY_CODE = '123456';

/** One login QR and its progress through its script. */
export interface QrSession {
  qrcode: string;
  script: SimQrScript;
  /** Index of the next step to answer. */
  index: number;
  wrongCodes: number;
  /** Set after `scaned_but_redirect`: polls on the main listener keep answering it. */
  redirected: boolean;
  /** A terminal answer (confirmed, expired, binded_redirect, verify_code_blocked), repeated. */
  final?: WireObject;
}

/** Default most QR sessions kept (and most scripts queued); the oldest is dropped first. */
export const QR_SESSION_CAPACITY = 10_000;

/** Queued scripts and the QR sessions created from them, both capped. */
export class QrSessions {
  private readonly scripts: SimQrScript[] = [];
  private readonly sessions = new Map<string, QrSession>();

  constructor(private readonly capacity = QR_SESSION_CAPACITY) {}

  /** Queues a script for the next QR created (one script per QR, first in first out). */
  enqueue(script: SimQrScript): void {
    if (!Array.isArray(script.steps)) throw new Error('scriptQrLogin: steps must be an array');
    if (this.scripts.length >= this.capacity) {
      throw new Error(`scriptQrLogin: more than ${this.capacity} scripts queued`);
    }
    this.scripts.push({ ...script, steps: [...script.steps] });
  }

  /** Creates a QR, consuming the next queued script (or the default one). */
  create(): QrSession {
    const script = this.scripts.shift() ?? { steps: [...DEFAULT_QR_STEPS] };
    const session: QrSession = {
      qrcode: opaqueBase64(24),
      script,
      index: 0,
      wrongCodes: 0,
      redirected: false,
    };
    this.sessions.set(session.qrcode, session);
    if (this.sessions.size > this.capacity) {
      this.sessions.delete(this.sessions.keys().next().value!);
    }
    return session;
  }

  get(qrcode: string): QrSession | undefined {
    return this.sessions.get(qrcode);
  }

  clear(): void {
    this.scripts.length = 0;
    this.sessions.clear();
  }
}
