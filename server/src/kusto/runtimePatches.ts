// Faster versions of a few generic Bridge.NET runtime helpers that Kusto.Language calls millions of times per
// corpus validation (see docs/kql.md, Performance). Each one gives the same result as the original for every
// input: it either takes a shortcut whose answer the original would give too, or calls the original.
// Applied once, right after the bundles load. SENTINEL_RULES_BRIDGE_PATCHES=off skips them; it exists only so
// a test can check that validation output is identical with and without them.

/** Member names the originals build by string concatenation on every call, cached per element type. */
interface GenericMemberNames { collectionGetCount: string; collectionCount: string; listGetItem: string; enumerableGetEnumerator: string }

export function patchBridgeRuntime(Bridge: any, System: any): void {
  if (process.env.SENTINEL_RULES_BRIDGE_PATCHES === 'off') return;
  patchIs(Bridge, System);
  patchIsArray(Bridge);
  const namesOf = memberNames(Bridge);
  patchCollectionAccess(Bridge, System, namesOf);
  patchGetEnumerator(Bridge, namesOf);
  patchGenericTypeCache(Bridge);
  patchRef(Bridge);
}

/**
 * Bridge.is(obj, type) where type is a class and obj an instance of a Bridge type, nearly every call Kusto
 * makes (`x is T`, `x as T`): the original ends in `obj instanceof type || ctor === type` after a dozen checks
 * that cannot apply (boxing, interfaces, `$is`/`$literal` hooks, primitive constructors).
 */
function patchIs(Bridge: any, System: any): void {
  const original = Bridge.is;
  Bridge.is = function is(obj: any, type: any, ignoreFn?: boolean, allowNull?: boolean): boolean {
    if (obj != null && typeof type === 'function' && type.$kind === 'class' && !type.$isInterface && !type.$is && !type.$literal
      && type !== System.Object && type.constructor === Function && !obj.$boxed) {
      const ctor = obj.constructor;
      // A Bridge-defined constructor (not Object, Boolean, String, Date, which the original converts first).
      if (ctor != null && ctor !== Object && ctor.$kind !== undefined) return obj instanceof type || ctor === type;
    }
    return original.call(this, obj, type, ignoreFn, allowNull);
  };
}

/** Bridge.isArray: the original scans a list of ten array constructors on every call; a Set answers the same. */
function patchIsArray(Bridge: any): void {
  const arrayTypes = new Set<unknown>(Bridge.arrayTypes);
  Bridge.isArray = function isArray(obj: any, ctor?: any): boolean {
    const c = ctor || (obj != null ? obj.constructor : null);
    if (!c) return false;
    return arrayTypes.has(c) || !!c.$isArray || Array.isArray(obj);
  };
}

/** The generic interface member names for an element type T, as the originals spell them. */
function memberNames(Bridge: any): (T: unknown) => GenericMemberNames {
  const names = new Map<unknown, GenericMemberNames>();
  return (T) => {
    let n = names.get(T);
    if (!n) {
      const alias = Bridge.getTypeAlias(T);
      n = {
        collectionGetCount: `System$Collections$Generic$ICollection$1$${alias}$getCount`,
        collectionCount: `System$Collections$Generic$ICollection$1$${alias}$Count`,
        listGetItem: `System$Collections$Generic$IList$1$${alias}$getItem`,
        enumerableGetEnumerator: `System$Collections$Generic$IEnumerable$1$${alias}$GetEnumerator`,
      };
      names.set(T, n);
    }
    return n;
  };
}

/**
 * System.Array.getCount/getItem on a list with an element type T: the originals build the interface member name
 * ("System$Collections$Generic$ICollection$1$<alias of T>$getCount") anew on every call, and a freshly built
 * string makes the property lookup hash it again. Same checks in the same order, with the names cached per T.
 */
function patchCollectionAccess(Bridge: any, System: any, namesOf: (T: unknown) => GenericMemberNames): void {
  const isFunction = (f: unknown) => typeof f === 'function';

  System.Array.getCount = function getCount(obj: any, T?: unknown): number {
    if (Bridge.isArray(obj)) return obj.length;
    let v: any;
    const n = T ? namesOf(T) : undefined;
    if (n && isFunction(obj[n.collectionGetCount])) return obj[n.collectionGetCount]();
    else if (isFunction(obj.System$Collections$ICollection$getCount)) return obj.System$Collections$ICollection$getCount();
    else if (n && (v = obj[n.collectionCount]) !== undefined) return v;
    else if ((v = obj.System$Collections$ICollection$Count) !== undefined) return v;
    else if ((v = obj.Count) !== undefined) return v;
    else if (isFunction(obj.getCount)) return obj.getCount();
    return 0;
  };

  const originalGetItem = System.Array.getItem;
  System.Array.getItem = function getItem(obj: any, idx: number, T?: unknown): unknown {
    // Without T the original may box the value: leave that case to it.
    if (!T) return originalGetItem.call(this, obj, idx, T);
    if (Bridge.isArray(obj)) return obj[idx];
    const name = namesOf(T).listGetItem;
    if (isFunction(obj[name])) return obj[name](idx);
    return originalGetItem.call(this, obj, idx, T);
  };
}

/**
 * Bridge.getEnumerator(list, T), every C# `foreach` over a typed list: the same first check as the original
 * (the list's IEnumerable<T>.GetEnumerator) with the member name cached per T; anything else goes to the original.
 */
function patchGetEnumerator(Bridge: any, namesOf: (T: unknown) => GenericMemberNames): void {
  const original = Bridge.getEnumerator;
  Bridge.getEnumerator = function getEnumerator(this: unknown, obj: any, fnName?: unknown): unknown {
    if (arguments.length === 2 && typeof fnName === 'function' && obj && typeof obj !== 'string') {
      const name = namesOf(fnName).enumerableGetEnumerator;
      if (typeof Bridge.getProperty(obj, name) === 'function') return obj[name]();
    }
    return original.apply(this, arguments); // all of them: the original reads arguments.length
  };
}

/** Generic type instances already looked up, by type argument, one level per argument. */
interface GenericInstances { next: Map<unknown, GenericInstances>; key?: unknown }

/**
 * Generic type instances (List$1(T), Dictionary$2(K,V)…) are looked up on every `new List<T>()` by scanning all
 * instances made so far. Entries are only ever appended, so the first match found once stays the first match:
 * remember it, keyed by the type arguments.
 */
function patchGenericTypeCache(Bridge: any): void {
  const original = Bridge.Class.getCachedType;
  const found = new WeakMap<object, GenericInstances>();
  Bridge.Class.getCachedType = function getCachedType(fn: any, args: ArrayLike<unknown>): unknown {
    if (args.length === 0) return original.call(this, fn, args);
    let node = found.get(fn);
    for (let i = 0; node && i < args.length; i++) node = node.next.get(args[i]);
    if (node?.key) return node.key;
    const key = original.call(this, fn, args);
    if (key) {
      let at: GenericInstances | undefined = found.get(fn);
      if (!at) found.set(fn, (at = { next: new Map() }));
      for (let i = 0; i < args.length; i++) {
        let next: GenericInstances | undefined = at.next.get(args[i]);
        if (!next) at.next.set(args[i], (next = { next: new Map() }));
        at = next;
      }
      at.key = key;
    }
    return key;
  };
}

/** A reference to o[n] for a C# `ref`/`out` argument. */
class ElementRef {
  constructor(private readonly o: any, private readonly n: string | number) {}
  get v(): unknown { return this.o[this.n]; }
  set v(value: unknown) { this.o[this.n] = value; }
}

/**
 * Bridge.ref(o, n) for `ref`/`out` arguments: the original defines a getter/setter pair of fresh closures per
 * call. With a field name or an index, its getter reads o[n] and its setter writes o[n]: so does ElementRef.
 */
function patchRef(Bridge: any): void {
  const original = Bridge.ref;
  Bridge.ref = function ref(o: any, n?: unknown): unknown {
    if (typeof n === 'number' || typeof n === 'string') return new ElementRef(o, n);
    return original.call(this, o, n);
  };
}
