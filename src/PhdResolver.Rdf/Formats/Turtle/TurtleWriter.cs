using System.Text;

namespace PhdResolver.Rdf;

/// <summary>
/// Writes Turtle (or TriG with <c>trig: true</c>). Quads are buffered until <see cref="Finish"/>,
/// then written grouped by graph and subject (<c>;</c> and <c>,</c>), with prefixed names where the
/// local part is a valid PN_LOCAL (from <see cref="WriterOptions.Prefixes"/> plus rdf, rdfs, xsd and
/// owl when used), <c>a</c> for rdf:type, numeric and boolean shorthand when the lexical form reads
/// back unchanged, <c>[ ... ]</c> for blank nodes used once as an object (and not in a cycle), and
/// <c>( ... )</c> for well-formed RDF lists. In Turtle mode graph names are dropped.
/// </summary>
public sealed class TurtleWriter(TextWriter output, bool trig = false, WriterOptions? options = null) : IRdfWriter
{
    private static readonly (string Prefix, string Ns)[] WellKnown =
    [
        ("rdf", Vocab.Rdf.Namespace),
        ("rdfs", Vocab.Rdfs.Namespace),
        ("xsd", Vocab.Xsd.Namespace),
        ("owl", Vocab.Owl.Namespace),
    ];

    private readonly WriterOptions _options = options ?? WriterOptions.Default;
    private readonly List<Quad> _quads = [];
    private readonly HashSet<Quad> _seen = [];
    private bool _finished;

    public RdfFormat Format => trig ? RdfFormat.TriG : RdfFormat.Turtle;

    public void OnQuad(in Quad quad)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        var q = trig ? quad : quad.WithGraph(null);
        if (_seen.Add(q)) _quads.Add(q);
    }

    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        new Emitter(_quads, trig, _options).Write(output);
        output.Flush();
    }

    /// <summary>Does the actual layout; one per document.</summary>
    private sealed class Emitter
    {
        private readonly bool _trig;
        private readonly bool _pretty;
        private readonly string? _base;
        private readonly List<(string Prefix, string Ns)> _prefixes = [];
        private readonly HashSet<string> _usedPrefixes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string?> _pnameCache = new(StringComparer.Ordinal);

        // Layout: graph -> subject -> predicate -> objects, all in first-seen order.
        private readonly List<GraphBlock> _graphs = [];
        private readonly Dictionary<BlankNode, BNodeInfo> _bnodes = [];
        private readonly Dictionary<BlankNode, string> _labels = [];
        private readonly Dictionary<BlankNode, (List<Term> Items, List<BlankNode> Nodes)> _lists = [];
        private readonly HashSet<BlankNode> _written = [];
        // Inline blank nodes met deeper than RdfLimits.MaxNesting: written labelled where used and
        // described as subjects of their own afterwards, so deep data never nests the writer's stack.
        private readonly Queue<SubjectBlock> _deferred = new();
        private readonly HashSet<SubjectBlock> _deferredDone = [];
        private int _depth;
        private readonly StringBuilder _sb = new(1 << 16);

        public Emitter(List<Quad> quads, bool trig, WriterOptions options)
        {
            _trig = trig;
            _pretty = options.Pretty;
            _base = options.BaseIri;
            var names = new HashSet<string>(StringComparer.Ordinal);
            var nss = new HashSet<string>(StringComparer.Ordinal);
            if (options.Prefixes is not null)
            {
                foreach (var (p, ns) in options.Prefixes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!IsValidPrefix(p) || ns.Length == 0 || !names.Add(p)) continue;
                    nss.Add(ns);
                    _prefixes.Add((p, ns));
                }
            }
            foreach (var (p, ns) in WellKnown)
                if (!names.Contains(p) && !nss.Contains(ns)) _prefixes.Add((p, ns));
            Group(quads);
        }

        private sealed class GraphBlock(Term? name)
        {
            public Term? Name { get; } = name;
            public Dictionary<Term, SubjectBlock> Subjects { get; } = [];
            public List<SubjectBlock> Order { get; } = [];
        }

        private sealed class SubjectBlock(Term subject)
        {
            public Term Subject { get; } = subject;
            public Dictionary<Term, List<Term>> Properties { get; } = [];
            public List<Term> Predicates { get; } = [];
            public int TripleCount { get; set; }
        }

        private sealed class BNodeInfo
        {
            public int ObjectRefs;
            public GraphBlock? RefGraph;
            public Term? RefPredicate;
            public Term? RefSubject;
            public GraphBlock? SubjectGraph;
            public bool SubjectInSeveralGraphs;
            public bool Unsafe; // graph name or predicate: always labelled
            public bool Inline;
        }

        private BNodeInfo Info(BlankNode b)
        {
            if (!_bnodes.TryGetValue(b, out var i)) _bnodes[b] = i = new BNodeInfo();
            return i;
        }

        private void Group(List<Quad> quads)
        {
            var byName = new Dictionary<Term, GraphBlock>();
            GraphBlock? defaultGraph = null;
            foreach (var q in quads)
            {
                GraphBlock g;
                if (q.Graph is null)
                {
                    if (defaultGraph is null) _graphs.Add(defaultGraph = new GraphBlock(null));
                    g = defaultGraph;
                }
                else if (!byName.TryGetValue(q.Graph, out g!))
                {
                    byName[q.Graph] = g = new GraphBlock(q.Graph);
                    _graphs.Add(g);
                }
                if (!g.Subjects.TryGetValue(q.Subject, out var sb))
                {
                    g.Subjects[q.Subject] = sb = new SubjectBlock(q.Subject);
                    g.Order.Add(sb);
                }
                if (!sb.Properties.TryGetValue(q.Predicate, out var objs))
                {
                    sb.Properties[q.Predicate] = objs = [];
                    sb.Predicates.Add(q.Predicate);
                }
                objs.Add(q.Object);
                sb.TripleCount++;

                if (q.Subject is BlankNode bs)
                {
                    var i = Info(bs);
                    if (i.SubjectGraph is null) i.SubjectGraph = g;
                    else if (i.SubjectGraph != g) i.SubjectInSeveralGraphs = true;
                }
                if (q.Predicate is BlankNode bp) Info(bp).Unsafe = true;
                if (q.Graph is BlankNode bg) Info(bg).Unsafe = true;
                if (q.Object is BlankNode bo)
                {
                    var i = Info(bo);
                    i.ObjectRefs++;
                    i.RefGraph = g;
                    i.RefPredicate = q.Predicate;
                    i.RefSubject = q.Subject;
                }
            }
            if (!_pretty) return;

            // Blank nodes written inline: used once as an object, described (if at all) only in that graph.
            foreach (var (_, i) in _bnodes)
                i.Inline = i.ObjectRefs == 1 && !i.Unsafe && !i.SubjectInSeveralGraphs
                    && (i.SubjectGraph is null || i.SubjectGraph == i.RefGraph);
            FindLists();
        }

        /// <summary>Finds well-formed lists (rdf:first/rdf:rest chains of inline blank nodes ending in rdf:nil).</summary>
        private void FindLists()
        {
            var shaped = new HashSet<BlankNode>();
            foreach (var (b, i) in _bnodes)
            {
                if (!i.Inline || i.SubjectGraph is null) continue;
                var sb = i.SubjectGraph.Subjects[b];
                if (sb.TripleCount == 2 && sb.Properties.TryGetValue(Vocab.Rdf.First, out var f) && f.Count == 1
                    && sb.Properties.TryGetValue(Vocab.Rdf.Rest, out var r) && r.Count == 1)
                    shaped.Add(b);
            }
            foreach (var head in shaped)
            {
                var hi = _bnodes[head];
                if (hi.RefPredicate is not null && hi.RefPredicate.Equals(Vocab.Rdf.Rest) && hi.RefSubject is BlankNode p && shaped.Contains(p))
                    continue; // not a head: the middle of a chain
                var items = new List<Term>();
                var seen = new List<BlankNode>();
                var seenSet = new HashSet<BlankNode>();
                Term cur = head;
                bool ok = true;
                while (!cur.Equals(Vocab.Rdf.Nil))
                {
                    if (cur is not BlankNode n || !shaped.Contains(n) || !seenSet.Add(n) || _bnodes[n].SubjectGraph != hi.SubjectGraph)
                    {
                        ok = false;
                        break;
                    }
                    seen.Add(n);
                    var props = hi.SubjectGraph!.Subjects[n].Properties;
                    items.Add(props[Vocab.Rdf.First][0]);
                    cur = props[Vocab.Rdf.Rest][0];
                }
                if (ok) _lists[head] = (items, seen);
            }
        }

        public void Write(TextWriter output)
        {
            foreach (var g in _graphs) WriteGraph(g);
            var header = new StringBuilder();
            if (_base is not null)
            {
                header.Append("@base <");
                NTriplesFormatter.AppendIriEscaped(header, _base);
                header.Append("> .\n");
            }
            foreach (var (p, ns) in _prefixes)
            {
                if (!_usedPrefixes.Contains(p)) continue;
                header.Append("@prefix ").Append(p).Append(": <");
                NTriplesFormatter.AppendIriEscaped(header, ns);
                header.Append("> .\n");
            }
            if (header.Length > 0 && _sb.Length > 0) header.Append('\n');
            output.Write(header);
            output.Write(_sb);
        }

        private void WriteGraph(GraphBlock g)
        {
            string indent = "";
            if (g.Name is not null)
            {
                if (_sb.Length > 0) _sb.Append('\n');
                WriteTerm(g.Name, subjectPosition: true);
                _sb.Append(" {\n");
                indent = "    ";
            }
            bool first = true;
            foreach (var sb in g.Order)
            {
                // Inline nodes are written where they are used; deferred ones (too deep) once already.
                if (sb.Subject is BlankNode b && _bnodes[b].Inline) continue;
                if (_deferredDone.Contains(sb)) continue;
                WriteSubject(sb, indent, ref first);
                WriteDeferred(indent, ref first);
            }
            // What is left of the inline nodes sits on cycles: label one and go on.
            foreach (var sb in g.Order)
            {
                if (sb.Subject is not BlankNode b || _written.Contains(b) || !_bnodes[b].Inline) continue;
                _bnodes[b].Inline = false;
                _lists.Remove(b);
                WriteSubject(sb, indent, ref first);
                WriteDeferred(indent, ref first);
            }
            if (g.Name is not null) _sb.Append("}\n");
        }

        /// <summary>Describes the blank nodes that were too deep to inline (each may defer more; the queue, not the stack, holds them).</summary>
        private void WriteDeferred(string indent, ref bool first)
        {
            while (_deferred.TryDequeue(out var sb))
            {
                _deferredDone.Add(sb);
                WriteSubject(sb, indent, ref first);
            }
        }

        /// <summary>
        /// An inline blank node met at the nesting limit: written as a label here and queued to be
        /// described as a subject of its own. A deferred list head keeps the rest of its list as a list.
        /// </summary>
        private void Defer(BlankNode b, BNodeInfo info)
        {
            info.Inline = false;
            if (_lists.Remove(b, out var list) && list.Nodes.Count > 1)
                _lists[list.Nodes[1]] = (list.Items.GetRange(1, list.Items.Count - 1), list.Nodes.GetRange(1, list.Nodes.Count - 1));
            if (info.SubjectGraph is not null && info.SubjectGraph.Subjects.TryGetValue(b, out var sb)) _deferred.Enqueue(sb);
            WriteTerm(b, subjectPosition: false);
        }

        private void WriteSubject(SubjectBlock sb, string indent, ref bool first)
        {
            if (_pretty && !first) _sb.Append('\n');
            first = false;
            if (!_pretty)
            {
                foreach (var p in sb.Predicates)
                {
                    foreach (var o in sb.Properties[p])
                    {
                        _sb.Append(indent);
                        WriteTerm(sb.Subject, subjectPosition: true);
                        _sb.Append(' ');
                        WritePredicate(p);
                        _sb.Append(' ');
                        WriteObject(o, indent);
                        _sb.Append(" .\n");
                    }
                }
                return;
            }
            _sb.Append(indent);
            if (sb.Subject is BlankNode b)
            {
                _written.Add(b);
                var i = _bnodes[b];
                if (i.ObjectRefs == 0 && !i.Unsafe && !i.SubjectInSeveralGraphs)
                {
                    // Described here and used nowhere else: "[ p o ; ... ] ."
                    _sb.Append("[ ");
                    WritePredicateObjectList(sb, indent + "  ");
                    _sb.Append(" ] .\n");
                    return;
                }
            }
            WriteTerm(sb.Subject, subjectPosition: true);
            _sb.Append(' ');
            WritePredicateObjectList(sb, indent + "    ");
            _sb.Append(" .\n");
        }

        private void WritePredicateObjectList(SubjectBlock sb, string indent)
        {
            bool firstPred = true;
            // rdf:type first, as "a".
            if (sb.Properties.ContainsKey(Vocab.Rdf.Type)) WritePredicateObjects(sb, Vocab.Rdf.Type, indent, ref firstPred);
            foreach (var p in sb.Predicates)
                if (!p.Equals(Vocab.Rdf.Type)) WritePredicateObjects(sb, p, indent, ref firstPred);
        }

        private void WritePredicateObjects(SubjectBlock sb, Term p, string indent, ref bool firstPred)
        {
            if (!firstPred) _sb.Append(" ;\n").Append(indent);
            firstPred = false;
            WritePredicate(p);
            _sb.Append(' ');
            bool firstObj = true;
            foreach (var o in sb.Properties[p])
            {
                if (!firstObj) _sb.Append(", ");
                firstObj = false;
                WriteObject(o, indent);
            }
        }

        private void WritePredicate(Term p)
        {
            if (p.Equals(Vocab.Rdf.Type)) _sb.Append('a');
            else WriteTerm(p, subjectPosition: false);
        }

        private void WriteObject(Term o, string indent)
        {
            if (_pretty && o is BlankNode b && _bnodes[b].Inline && !_written.Contains(b))
            {
                var info = _bnodes[b];
                if (_depth >= RdfLimits.MaxNesting)
                {
                    Defer(b, info);
                    return;
                }
                _written.Add(b);
                _depth++;
                try
                {
                    WriteInline(b, info, indent);
                }
                finally
                {
                    _depth--;
                }
                return;
            }
            if (_pretty && o.Equals(Vocab.Rdf.Nil))
            {
                _sb.Append("()");
                return;
            }
            WriteTerm(o, subjectPosition: false);
        }

        private void WriteInline(BlankNode b, BNodeInfo info, string indent)
        {
            // Indentation stops growing after 16 levels: deep data would otherwise cost depth^2 spaces.
            string inner = indent.Length >= 64 ? indent : indent + "    ";
            {
                if (_lists.TryGetValue(b, out var list))
                {
                    foreach (var n in list.Nodes) _written.Add(n);
                    _sb.Append('(');
                    foreach (var item in list.Items)
                    {
                        _sb.Append(' ');
                        WriteObject(item, indent);
                    }
                    _sb.Append(" )");
                    return;
                }
                if (info.SubjectGraph is null || !info.SubjectGraph.Subjects.TryGetValue(b, out var sb))
                {
                    _sb.Append("[]");
                    return;
                }
                if (sb.TripleCount == 1)
                {
                    _sb.Append("[ ");
                    WritePredicateObjectList(sb, inner);
                    _sb.Append(" ]");
                    return;
                }
                _sb.Append("[\n").Append(inner);
                WritePredicateObjectList(sb, inner);
                _sb.Append('\n').Append(indent).Append(']');
            }
        }

        private void WriteTerm(Term t, bool subjectPosition)
        {
            switch (t)
            {
                case Iri iri:
                    WriteIri(iri.Value);
                    break;
                case BlankNode b:
                    if (!_labels.TryGetValue(b, out var label))
                        _labels[b] = label = "b" + _labels.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    _sb.Append("_:").Append(label);
                    break;
                case Literal l:
                    WriteLiteral(l);
                    break;
            }
            _ = subjectPosition;
        }

        private void WriteIri(string iri)
        {
            var pname = PrefixedName(iri);
            if (pname is not null)
            {
                _sb.Append(pname);
                return;
            }
            _sb.Append('<');
            NTriplesFormatter.AppendIriEscaped(_sb, _base is null ? iri : IriResolver.Relativize(_base, iri));
            _sb.Append('>');
        }

        private string? PrefixedName(string iri)
        {
            if (_pnameCache.TryGetValue(iri, out var cached))
            {
                if (cached is not null) _usedPrefixes.Add(cached[..cached.IndexOf(':', StringComparison.Ordinal)]);
                return cached;
            }
            string? best = null;
            int bestLen = -1;
            foreach (var (p, ns) in _prefixes)
            {
                if (ns.Length <= bestLen || !iri.StartsWith(ns, StringComparison.Ordinal)) continue;
                if (!IsSafeLocal(iri.AsSpan(ns.Length))) continue;
                best = p;
                bestLen = ns.Length;
            }
            string? result = best is null ? null : best + ":" + iri[bestLen..];
            _pnameCache[iri] = result;
            if (best is not null) _usedPrefixes.Add(best);
            return result;
        }

        private void WriteLiteral(Literal l)
        {
            if (l.Language is null)
            {
                var dt = l.Datatype.Value;
                if (dt.StartsWith(Vocab.Xsd.Namespace, StringComparison.Ordinal))
                {
                    var local = dt.AsSpan(Vocab.Xsd.Namespace.Length);
                    if ((local.SequenceEqual("integer") && IsInteger(l.Lexical))
                        || (local.SequenceEqual("decimal") && IsDecimal(l.Lexical))
                        || (local.SequenceEqual("double") && IsDouble(l.Lexical))
                        || (local.SequenceEqual("boolean") && l.Lexical is "true" or "false"))
                    {
                        _sb.Append(l.Lexical);
                        return;
                    }
                }
            }
            WriteString(l.Lexical);
            if (l.Language is not null)
            {
                _sb.Append('@').Append(l.Language);
            }
            else if (l.Datatype.Value != Vocab.Xsd.StringValue)
            {
                _sb.Append("^^");
                WriteIri(l.Datatype.Value);
            }
        }

        private void WriteString(string s)
        {
            if (!_pretty || !s.Contains('\n', StringComparison.Ordinal))
            {
                _sb.Append('"');
                NTriplesFormatter.AppendStringEscaped(_sb, s);
                _sb.Append('"');
                return;
            }
            // Multi-line text reads better as a long string; escape only what could end it early.
            _sb.Append("\"\"\"");
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                switch (c)
                {
                    case '\\': _sb.Append("\\\\"); break;
                    case '\r': _sb.Append("\\r"); break;
                    case '"' when i == s.Length - 1 || s[i + 1] == '"': _sb.Append("\\\""); break;
                    default:
                        if (c < 0x20 && c is not ('\n' or '\t')) _sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                        else _sb.Append(c);
                        break;
                }
            }
            _sb.Append("\"\"\"");
        }

        // ---- lexical checks ---------------------------------------------------------------------

        private static bool IsInteger(ReadOnlySpan<char> s)
        {
            if (s.Length > 0 && s[0] is '+' or '-') s = s[1..];
            if (s.Length == 0) return false;
            foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
            return true;
        }

        private static bool IsDecimal(ReadOnlySpan<char> s)
        {
            if (s.Length > 0 && s[0] is '+' or '-') s = s[1..];
            int dot = s.IndexOf('.');
            if (dot < 0) return false;
            var intPart = s[..dot];
            var frac = s[(dot + 1)..];
            if (frac.Length == 0) return false;
            foreach (var c in intPart) if (!char.IsAsciiDigit(c)) return false;
            foreach (var c in frac) if (!char.IsAsciiDigit(c)) return false;
            return true;
        }

        private static bool IsDouble(ReadOnlySpan<char> s)
        {
            if (s.Length > 0 && s[0] is '+' or '-') s = s[1..];
            int e = s.IndexOfAny('e', 'E');
            if (e < 0) return false;
            var mant = s[..e];
            var exp = s[(e + 1)..];
            if (exp.Length > 0 && exp[0] is '+' or '-') exp = exp[1..];
            if (exp.Length == 0) return false;
            foreach (var c in exp) if (!char.IsAsciiDigit(c)) return false;
            int dot = mant.IndexOf('.');
            var ip = dot < 0 ? mant : mant[..dot];
            var fp = dot < 0 ? [] : mant[(dot + 1)..];
            if (ip.Length + fp.Length == 0) return false;
            foreach (var c in ip) if (!char.IsAsciiDigit(c)) return false;
            foreach (var c in fp) if (!char.IsAsciiDigit(c)) return false;
            return true;
        }

        private static bool IsValidPrefix(string p)
        {
            if (p.Length == 0) return true;
            var s = p.AsSpan();
            int i = 0;
            bool first = true;
            int last = -1;
            while (i < s.Length)
            {
                if (Rune.DecodeFromUtf16(s[i..], out var r, out int n) != System.Buffers.OperationStatus.Done) return false;
                int cp = r.Value;
                if (first ? !RdfGrammar.IsPnCharsBase(cp) : !(cp == '.' || RdfGrammar.IsPnChars(cp))) return false;
                first = false;
                last = cp;
                i += n;
            }
            return last != '.';
        }

        /// <summary>True if the text can be written as PN_LOCAL without backslash escapes.</summary>
        internal static bool IsSafeLocal(ReadOnlySpan<char> s)
        {
            if (s.Length == 0) return true;
            int i = 0;
            bool first = true;
            int last = -1;
            while (i < s.Length)
            {
                char c = s[i];
                if (c == '%')
                {
                    if (i + 2 >= s.Length) return false;
                    if (RdfGrammar.HexValue(s[i + 1]) < 0 || RdfGrammar.HexValue(s[i + 2]) < 0) return false;
                    i += 3;
                    first = false;
                    last = '0';
                    continue;
                }
                if (Rune.DecodeFromUtf16(s[i..], out var r, out int n) != System.Buffers.OperationStatus.Done) return false;
                int cp = r.Value;
                bool ok = first
                    ? cp == ':' || (uint)(cp - '0') <= 9 || RdfGrammar.IsPnCharsU(cp)
                    : cp == ':' || cp == '.' || RdfGrammar.IsPnChars(cp);
                if (!ok) return false;
                first = false;
                last = cp;
                i += n;
            }
            return last != '.';
        }
    }
}
