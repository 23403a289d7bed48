namespace PhdResolver.Sparql;
/// <summary>placeholder</summary>
public static class SseWriter { public static string Write(Op op) => op.GetType().Name; }
