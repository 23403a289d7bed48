namespace PhdResolver.Sparql.Evaluation;

/// <summary>
/// Variable name -> slot of a solution row, for one query. Every variable of the query (sub-selects,
/// EXISTS patterns, generated path and aggregate variables, blank nodes of patterns) gets a slot
/// up front, so that all operators share one row layout and merging rows is slot-wise.
/// </summary>
internal sealed class VarTable
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public int Count => _names.Count;

    public string NameOf(int slot) => _names[slot];

    public int Slot(string name)
    {
        if (_slots.TryGetValue(name, out int s)) return s;
        s = _names.Count;
        _slots[name] = s;
        _names.Add(name);
        return s;
    }

    public int Slot(Var v) => Slot(v.Name);

    public bool TryGetSlot(string name, out int slot) => _slots.TryGetValue(name, out slot);

    /// <summary>The variable name a blank node of a query pattern stands for (cannot clash with a SPARQL variable).</summary>
    public static string BlankVarName(string label) => "_:" + label;
}
