using System.Text.Json;
using System.Text.Json.Serialization;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

/// <summary>
/// An enum's values and the strings the control database keeps for them, both ways. The strings
/// are also what the console prints and what <c>--json</c> writes, so scripts reading either see no change.
/// </summary>
sealed class DbText<T>(string what, params (T Value, string Text)[] pairs) where T : struct, Enum
{
    readonly Dictionary<T, string> texts = pairs.ToDictionary(p => p.Value, p => p.Text);
    readonly Dictionary<string, T> values = pairs.ToDictionary(p => p.Text, p => p.Value, StringComparer.Ordinal);

    public string Of(T value) => texts.TryGetValue(value, out var text) ? text : throw new ArgumentOutOfRangeException(nameof(value), value, $"no {what} text");

    public T Parse(string text) =>
        values.TryGetValue(text, out var value) ? value
            : throw new InvalidDataException($"unknown {what} '{text}' (known: {string.Join(", ", texts.Values)})");
}

/// <summary>Writes and reads the enum as its database string (<see cref="DbText{T}"/>), not as a number.</summary>
abstract class DbTextJson<T>(Func<T, string> write, Func<string, T> read) : JsonConverter<T> where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        read(reader.GetString() ?? throw new JsonException($"{typeof(T).Name} must be a string"));

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(write(value));
}
