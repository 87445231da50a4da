export const id = 708;
export const ids = [708];
export const modules = {

/***/ 6708:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bp: () => (/* binding */ sleepUnlessAborted),
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   g3: () => (/* binding */ createPacer),
/* harmony export */   oq: () => (/* binding */ PacerDeadlineError)
/* harmony export */ });
/* unused harmony exports DEFAULT_MAX_CONCURRENCY, DEFAULT_WINDOW_MARGIN_MS */
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5405);
// The one request budget of a run: a sliding-window limit on request starts (`max-requests-per-minute`),
// a bound on requests in flight, the run's first request sent alone, and the response to Omni's 429s
// (probe for room, then ramp back up): README "Rate limits, retries and cancellation".

/** A request was not started because the run was cancelled. */
class CancelledError extends Error {
    constructor() {
        super('The run was cancelled before this request started');
        this.name = 'CancelledError';
    }
}
/** A request could not start before its deadline (its retry budget would have passed while waiting). */
class PacerDeadlineError extends Error {
    waitedMs;
    constructor(waitedMs) {
        super('The request could not start before its deadline');
        this.waitedMs = waitedMs;
        this.name = 'PacerDeadlineError';
    }
}
/** The real clock's sleep: resolves after `ms`, or as soon as `signal` aborts (never rejects). */
function sleepUnlessAborted(ms, signal) {
    if (signal?.aborted)
        return Promise.resolve();
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
    });
}
const DEFAULT_MAX_CONCURRENCY = 8;
const DEFAULT_WINDOW_MS = 60_000;
const DEFAULT_WINDOW_MARGIN_MS = 1_000;
const DEFAULT_WAIT_LOG_THRESHOLD_MS = 5_000;
/** Creates the pacer for one run; every request to Omni goes through it. */
function createPacer(options) {
    const maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    if (!Number.isInteger(options.maxRequestsPerMinute) || options.maxRequestsPerMinute < 1) {
        throw new RangeError(`maxRequestsPerMinute must be a whole number ≥ 1, got ${options.maxRequestsPerMinute}`);
    }
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
        throw new RangeError(`maxConcurrency must be a whole number ≥ 1, got ${maxConcurrency}`);
    }
    const windowMs = (options.windowMs ?? DEFAULT_WINDOW_MS) + (options.windowMarginMs ?? DEFAULT_WINDOW_MARGIN_MS);
    const budget = options.maxRequestsPerMinute;
    const probeSettings = { ..._retry_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_PROBE_SETTINGS */ .NC, ...options.probe };
    const waitLogThresholdMs = options.waitLogThresholdMs ?? DEFAULT_WAIT_LOG_THRESHOLD_MS;
    const random = options.random ?? Math.random;
    const { now, sleep, signal } = options;
    const queue = [];
    /** Start times still inside the window, oldest first; a request Omni refused with 429 leaves it. */
    const starts = [];
    /** Sequence numbers of the requests in flight (numbered in start order). */
    const inFlight = new Set();
    let nextSeq = 0;
    /** With `isFirstRequestAlone`: set once an attempt has settled in a way that lets the others start. */
    let isFanOutAllowed = options.isFirstRequestAlone !== true;
    // The slow-down: requests numbered below `slowdownSeq` were sent before the latest 429 was known,
    // so their own 429s are the same news.
    let slowdownSeq = 0;
    let isProbing = false;
    let failedProbes = 0;
    /** When the first 429 of the current slow-down arrived. */
    let probingSince = 0;
    /** Requests allowed in flight (fractional while growing additively). */
    let congestionWindow = maxConcurrency;
    let growthThreshold = maxConcurrency;
    let pausedUntil = Number.NEGATIVE_INFINITY;
    let pauseReason = '';
    let isPumping = false;
    let wakeOnRelease;
    const wake = () => {
        const resolve = wakeOnRelease;
        wakeOnRelease = undefined;
        resolve?.();
    };
    signal?.addEventListener('abort', wake, { once: true });
    const countRecentInFlight = () => {
        let count = 0;
        for (const seq of inFlight)
            if (seq >= slowdownSeq)
                count += 1;
        return count;
    };
    /** Why nothing may start now, when it is a matter of in-flight requests (a release ends it). */
    const isBlockedByInFlight = () => inFlight.size >= maxConcurrency ||
        (!isFanOutAllowed && inFlight.size > 0) ||
        countRecentInFlight() >= Math.max(1, Math.floor(congestionWindow));
    /** How long until the budget and any pause allow a start, and why. */
    const computeWait = (at) => {
        while (starts.length > 0 && (starts[0] ?? 0) + windowMs <= at)
            starts.shift();
        let wait = { ms: pausedUntil - at, reason: pauseReason, cause: 'rate-limit' };
        if (starts.length >= budget) {
            // The start that must leave the window before one more fits.
            const blocking = starts[starts.length - budget] ?? at;
            const budgetMs = blocking + windowMs - at;
            if (budgetMs > wait.ms) {
                wait = {
                    ms: budgetMs,
                    reason: `the run's budget of ${budget} requests per ${Math.round(windowMs / 1000)} s is used up`,
                    cause: 'budget',
                };
            }
        }
        return wait;
    };
    /** While probing, the waiter with the fewest attempts; else the earliest deadline (retries); FIFO on ties. */
    const pickWaiterIndex = () => {
        let best = 0;
        for (const [index, waiter] of queue.entries()) {
            const current = queue[best];
            if (current === undefined)
                break;
            const isBetter = isProbing ? waiter.attempt < current.attempt : waiter.deadline < current.deadline;
            if (isBetter)
                best = index;
        }
        return best;
    };
    const rejectExpired = (by, at) => {
        for (let i = queue.length - 1; i >= 0; i -= 1) {
            const waiter = queue[i];
            if (waiter !== undefined && waiter.deadline < by) {
                queue.splice(i, 1);
                waiter.reject(new PacerDeadlineError(at - waiter.queuedAt));
            }
        }
    };
    const pump = async () => {
        if (isPumping)
            return;
        isPumping = true;
        try {
            while (queue.length > 0) {
                if (signal?.aborted) {
                    for (const waiter of queue.splice(0))
                        waiter.reject(new CancelledError());
                    return;
                }
                if (isBlockedByInFlight()) {
                    rejectExpired(now(), now());
                    if (queue.length === 0)
                        break;
                    await new Promise((resolve) => {
                        wakeOnRelease = resolve;
                    });
                    if (!isFanOutAllowed) {
                        // Let the settled request's caller react first (a 401 aborts the run) before another starts.
                        await sleep(0, signal).catch(() => undefined);
                    }
                    continue;
                }
                const at = now();
                const wait = computeWait(at);
                if (wait.ms > 0) {
                    rejectExpired(at + wait.ms, at);
                    if (queue.length === 0)
                        break;
                    if (wait.ms >= waitLogThresholdMs)
                        options.onWait?.(wait);
                    // The sleep may end early on abort; the loop checks again either way.
                    await sleep(wait.ms, signal).catch(() => undefined);
                    continue;
                }
                rejectExpired(at, at);
                const [waiter] = queue.splice(pickWaiterIndex(), 1);
                if (waiter === undefined)
                    break;
                starts.push(at);
                const seq = nextSeq;
                nextSeq += 1;
                inFlight.add(seq);
                let isRateLimited = false;
                let isUnauthorized = false;
                waiter.start({
                    startedAt: at,
                    reportRateLimited: (report) => {
                        if (isRateLimited)
                            return;
                        isRateLimited = true;
                        onRateLimited(at, seq, report?.retryAfterMs);
                    },
                    reportUnauthorized: () => {
                        isUnauthorized = true;
                    },
                }, (isFulfilled) => onSettled(seq, { isFulfilled, isRateLimited, isUnauthorized }));
            }
        }
        finally {
            isPumping = false;
        }
    };
    /** A 429: the request does not count against the budget (Omni refused it); the run slows down. */
    const onRateLimited = (startedAt, seq, retryAfterMs) => {
        const index = starts.lastIndexOf(startedAt);
        if (index !== -1)
            starts.splice(index, 1);
        if (seq < slowdownSeq)
            return;
        const at = now();
        if (!isProbing)
            growthThreshold = Math.max(1, Math.floor(congestionWindow / 2));
        slowdownSeq = nextSeq;
        if (retryAfterMs !== undefined) {
            // Omni said when: wait exactly that, then resume at half the window.
            isProbing = false;
            congestionWindow = growthThreshold;
            pausedUntil = Math.max(pausedUntil, at + Math.max(0, retryAfterMs));
            pauseReason = `Omni answered 429 with Retry-After ${Math.round(retryAfterMs / 1000)} s`;
            return;
        }
        failedProbes = isProbing ? failedProbes + 1 : 0;
        if (!isProbing)
            probingSince = at;
        isProbing = true;
        congestionWindow = 1;
        pausedUntil = Math.max(pausedUntil, at + (0,_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .computeProbeDelayMs */ .D2)(at - probingSince, random, probeSettings));
        pauseReason = `Omni answered 429 without Retry-After; probing for room (${failedProbes + 1} so far)`;
    };
    const onSettled = (seq, { isFulfilled, isRateLimited, isUnauthorized, }) => {
        inFlight.delete(seq);
        // Any settled attempt but a refused token or a 429 lets the others start: a success, and equally a
        // timeout, a 5xx or a network error (an Omni that never answers must not hold every request back for a
        // whole retry budget each). A 429 says nothing of the token yet, and its slow-down paces what follows.
        if (isFulfilled || (!isRateLimited && !isUnauthorized))
            isFanOutAllowed = true;
        if (isRateLimited)
            return;
        if (seq < slowdownSeq)
            return;
        // Sent after the latest 429 and not refused: Omni had room.
        if (isProbing) {
            isProbing = false;
            failedProbes = 0;
            pausedUntil = Math.min(pausedUntil, now());
        }
        if (isFulfilled) {
            congestionWindow = (0,_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .growCongestionWindow */ .Bg)(congestionWindow, growthThreshold, maxConcurrency);
        }
    };
    return {
        run(task, runOptions = {}) {
            if (signal?.aborted)
                return Promise.reject(new CancelledError());
            return new Promise((resolve, reject) => {
                queue.push({
                    reject,
                    attempt: runOptions.attempt ?? 1,
                    deadline: runOptions.deadline ?? Number.POSITIVE_INFINITY,
                    queuedAt: now(),
                    start: (ticket, onSettled) => {
                        Promise.resolve()
                            .then(() => task(ticket))
                            .then((value) => {
                            onSettled(true);
                            resolve(value);
                        }, (error) => {
                            onSettled(false);
                            reject(error);
                        })
                            .finally(wake);
                    },
                });
                void pump();
            });
        },
        get allowedInFlight() {
            return Math.min(maxConcurrency, Math.max(1, Math.floor(congestionWindow)));
        },
        get isProbing() {
            return isProbing;
        },
    };
}


/***/ }),

/***/ 5405:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bg: () => (/* binding */ growCongestionWindow),
/* harmony export */   D2: () => (/* binding */ computeProbeDelayMs),
/* harmony export */   NC: () => (/* binding */ DEFAULT_PROBE_SETTINGS),
/* harmony export */   U_: () => (/* binding */ describeAttempts),
/* harmony export */   d: () => (/* binding */ DEFAULT_RETRY_SETTINGS),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter),
/* harmony export */   tE: () => (/* binding */ decideRetry),
/* harmony export */   yo: () => (/* binding */ isProbedRateLimit)
/* harmony export */ });
/* unused harmony export computeBackoffMs */
/* harmony import */ var _plural_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1679);
// The retry policy for calls to Omni, as pure functions: whether a failed attempt is tried again and after
// how long (README, "Rate limits, retries and cancellation": 429, 5xx and network errors are retried with
// backoff, honouring Retry-After).

// Omni's limit is 60 requests per minute (contract), so a Retry-After can reasonably be up to a minute;
// the total budget leaves room for one such wait plus a few quick retries.
const DEFAULT_RETRY_SETTINGS = {
    maxAttempts: 5,
    maxElapsedMs: 90_000,
    baseDelayMs: 500,
    maxDelayMs: 10_000,
    maxRetryAfterMs: 60_000,
};
/** A 429 that says nothing of when to come back: the pacer probes for room instead of a fixed wait. */
function isProbedRateLimit(failure, retryAfterMs) {
    return failure.kind === 'http' && failure.status === 429 && retryAfterMs === undefined;
}
/** Statuses that say "try again later" (RFC 9110 §15.6: a gateway or the server is briefly unavailable). */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Network failures that are usually transient. TLS and certificate errors are not: they need a fix. */
const TRANSIENT_NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ETIMEDOUT',
    'EPIPE',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENETDOWN',
    // undici's codes: "other side closed" / "socket hang up", and its own connect/headers/body timeouts.
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
]);
/**
 * Failures after which the request surely never reached Omni: no connection was made (refused, DNS,
 * unreachable, connect timeout). A write that is not safe to repeat may be repeated only after these, or after a 429.
 */
const NEVER_SENT_NETWORK_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENETDOWN',
    'UND_ERR_CONNECT_TIMEOUT',
    // TLS handshake failures: nothing was sent over the connection (and they are not retried anyway).
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'ERR_TLS_CERT_ALTNAME_INVALID',
]);
/**
 * Turns a `Retry-After` header into milliseconds from `now` (RFC 9110 §10.2.3: delta-seconds or an
 * HTTP-date). A date in the past gives 0. Anything else (negative, fractional, garbage) gives undefined.
 */
function parseRetryAfter(header, now) {
    if (header === null || header === undefined)
        return undefined;
    const value = header.trim();
    if (/^\d+$/.test(value))
        return Number(value) * 1000;
    // An HTTP-date starts with a day name ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 and asctime forms
    // too); requiring it keeps Date.parse's leniency ("1", "-5") out.
    if (!/^[A-Za-z]{3}/.test(value))
        return undefined;
    const at = Date.parse(value);
    if (Number.isNaN(at))
        return undefined;
    return Math.max(0, at - now.getTime());
}
/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, cap). */
function computeBackoffMs(attempt, random, settings) {
    const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random() * ceiling);
}
function describeFailure(failure) {
    switch (failure.kind) {
        case 'http':
            return `HTTP ${failure.status}`;
        case 'network':
            return `network error ${failure.code ?? '(no code)'}`;
        case 'timeout':
            return 'timeout';
        case 'response':
            return failure.isSuccessFalse ? 'success: false' : 'an answer that is not the contract’s';
    }
}
function isRetryableFailure(failure) {
    switch (failure.kind) {
        case 'http':
            return RETRYABLE_STATUSES.has(failure.status);
        case 'network':
            return failure.code !== undefined && TRANSIENT_NETWORK_CODES.has(failure.code);
        case 'timeout':
            return true;
        case 'response':
            // A 2xx with the wrong body is a wrong omni-url or a proxy page far more often than a blip.
            return false;
    }
}
/** True when the failed attempt surely never reached Omni, so repeating it cannot do anything twice. */
function isSurelyNotReceived(failure) {
    if (failure.kind === 'http')
        return failure.status === 429;
    if (failure.kind === 'network')
        return failure.code !== undefined && NEVER_SENT_NETWORK_CODES.has(failure.code);
    return false;
}
/** True when the answer proves the change did not happen (a redirect, a 4xx, `success: false`). */
function isSurelyNotApplied(failure) {
    if (failure.kind === 'http')
        return failure.status >= 300 && failure.status < 500;
    return failure.kind === 'response' && failure.isSuccessFalse;
}
/**
 * `5 attempts`, or where probes for room were among them (they do not count against `maxAttempts`):
 * `5 attempts and 2 probes for room`.
 */
function describeAttempts(attempts, probes) {
    const counted = attempts - probes;
    const counting = (0,_plural_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .L)(counted, 'attempt');
    return probes === 0 ? counting : `${counting} and ${(0,_plural_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .L)(probes, 'probe')} for room`;
}
/** Decides whether to try a failed attempt again, and after how long. Pure: time and randomness are inputs. */
function decideRetry(input) {
    const settings = input.settings ?? DEFAULT_RETRY_SETTINGS;
    const { failure } = input;
    const what = describeFailure(failure);
    const isUnsafeToRepeat = !input.isIdempotent;
    const giveUp = (reason) => ({
        retry: false,
        reason,
        isOutcomeUncertain: isUnsafeToRepeat && !isSurelyNotReceived(failure) && !isSurelyNotApplied(failure),
    });
    if (!isRetryableFailure(failure))
        return giveUp(`${what} is not retried`);
    // An idempotent request retries freely. One that is not (a rotateKeys PUT rotates the deploy key
    // again, a POST creates again) is repeated only when it surely never landed.
    if (isUnsafeToRepeat && !isSurelyNotReceived(failure)) {
        return giveUp(`${what} after a write that is not safe to repeat and may have reached Omni is not retried`);
    }
    // Retry-After wins over our own backoff when it parses: the server knows when its window reopens.
    // It is honoured on 429 and 503 (RFC 9110 §10.2.3) and cut to maxRetryAfterMs.
    const retryAfterMs = failure.kind === 'http' && (failure.status === 429 || failure.status === 503)
        ? parseRetryAfter(input.retryAfterHeader, input.now)
        : undefined;
    // A 429 without Retry-After is not waited out here: the run's pacer probes for the moment Omni has
    // room again and holds every request until then (README "Rate limits, retries and cancellation").
    const isProbed = isProbedRateLimit(failure, retryAfterMs);
    // Probing answers say "not yet", not "broken": they do not use up attempts (the last request of a run
    // may be the only one left to probe); the time budget below still bounds them.
    const countedAttempts = input.attempt - (input.probedAttempts ?? 0);
    if (!isProbed && countedAttempts >= settings.maxAttempts) {
        return giveUp(`${what}; gave up after ${describeAttempts(input.attempt, input.probedAttempts ?? 0)}`);
    }
    const delayMs = isProbed
        ? 0
        : retryAfterMs === undefined
            ? computeBackoffMs(input.attempt, input.random, settings)
            : Math.min(retryAfterMs, settings.maxRetryAfterMs);
    if (input.elapsedMs + delayMs > settings.maxElapsedMs) {
        return giveUp(`${what}; waiting ${delayMs} ms more would pass the ${settings.maxElapsedMs} ms retry budget`);
    }
    if (isProbed) {
        return { retry: true, delayMs, reason: `${what}; retrying once the run's pacer finds room at Omni` };
    }
    const source = retryAfterMs === undefined ? 'backoff' : 'Retry-After';
    return { retry: true, delayMs, reason: `${what}; retrying in ${delayMs} ms (${source})` };
}
// Omni frees a slot when a request in its window turns a minute old; nothing says when that is, so the
// client must ask. Waiting a quarter of the time probed so far (±10 %, at least 1 s, at most 6 s) finds
// room that appeared T after the first refusal by about 1.28 × T + 1.1 s whatever T is, in about 20
// probes for a full minute (docs/benchmarks.md, shared-key rows). A schedule that grows per refusal
// instead leaves gaps that land just after the room appeared by chance, and the run's wall time with them.
const DEFAULT_PROBE_SETTINGS = {
    initialDelayMs: 1_000,
    share: 0.25,
    maxDelayMs: 6_000,
    jitter: 0.1,
};
/** The wait before the next probe, `probingForMs` after the first refusal of this slow-down. Pure. */
function computeProbeDelayMs(probingForMs, random, settings = DEFAULT_PROBE_SETTINGS) {
    const nominal = Math.min(settings.maxDelayMs, Math.max(settings.initialDelayMs, settings.share * Math.max(0, probingForMs)));
    return Math.floor(nominal * (1 - settings.jitter + 2 * settings.jitter * random()));
}
/** Requests allowed in flight after one more success: +1 up to `threshold` (slow start), then +1 per window (AIMD). */
function growCongestionWindow(window, threshold, max) {
    const grown = window < threshold ? window + 1 : window + 1 / window;
    return Math.min(max, grown);
}


/***/ })

};
