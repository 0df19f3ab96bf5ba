using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// A tenant's settings for the data cycle, stored as JSON (snake_case keys) in
/// <c>bf_control.tenant_config</c>, one version per change. Every key has a default, so a new
/// tenant works before anyone configures it. <see cref="Parse"/> refuses unknown keys and bad values.
/// </summary>
public sealed partial record TenantConfig
{
    /// <summary>
    /// The models a tenant gets until it configures <c>models</c>, in the order reports show them.
    /// Which models exist is the tenant database's at_models (<see cref="AttributionModels"/>),
    /// checked when a configuration is saved and at the cycle's check step.
    /// </summary>
    public static readonly string[] DefaultModels =
        ["first_touch", "last_touch", "linear", "u_shaped", "j_shaped", "inverse_j", "custom_xyx", "w_shaped", "full_path", "time_decay"];
    public static readonly string[] InfluencePaths = ["account", "contact_roles", "primary_contact_role"];
    public static readonly string[] Confidences = ["High", "Medium", "Low"];
    public static readonly string[] OnOff = ["off", "on"];
    public static readonly string[] WebTouchRules = ["default", "all_sessions"];

    /// <summary>Opportunity field holding the amount: a standard column (<c>Amount</c>) or a custom field (<c>ARR__c</c>).</summary>
    public string RevenueField { get; init; } = "Amount";
    /// <summary>Stages that mean closed/won; empty = use the opportunity's IsClosed/IsWon.</summary>
    public IReadOnlyList<string> ClosedWonStages { get; init; } = [];
    /// <summary>Stages that mean closed/lost (used with <see cref="ClosedWonStages"/>).</summary>
    public IReadOnlyList<string> ClosedLostStages { get; init; } = [];
    /// <summary>Campaign member statuses that count as a response; empty = HasResponded = true.</summary>
    public IReadOnlyList<string> RespondedStatuses { get; init; } = [];
    /// <summary>Campaign field holding its cost (<c>ActualCost</c> or a custom field).</summary>
    public string CostField { get; init; } = "ActualCost";
    /// <summary>Campaign field naming the channel (<c>Type</c> or a custom field).</summary>
    public string ChannelField { get; init; } = "Type";
    /// <summary>Account field holding the tier used by filters (<c>account.tier</c>).</summary>
    public string AccountTierField { get; init; } = "Tier__c";
    public int FiscalYearStartMonth { get; init; } = 1;
    /// <summary>The currency the amounts are in (ISO 4217): the dashboard names it beside every amount.</summary>
    public string Currency { get; init; } = "USD";
    public string TimeZone { get; init; } = "UTC";
    public string InfluencePath { get; init; } = "account";
    public int LookbackDays { get; init; } = 365;
    public IReadOnlyList<string> Models { get; init; } = DefaultModels;
    public double TimeDecayHalfLifeDays { get; init; } = 7;
    /// <summary>custom_xyx: first and last touch X percent each, middle Y percent (X + Y + X = 100).</summary>
    public int CustomX { get; init; } = 30;
    public int CustomY { get; init; } = 40;
    public string MinMatchConfidence { get; init; } = "Medium";
    /// <summary>Where the attribute step builds the pairs: one of <see cref="AttributionEngines.Names"/>.</summary>
    public string Engine { get; init; } = Engines.AttributionEngines.MySql;
    /// <summary><c>on</c>: identified web sessions count as touches (engine impala, where the web step runs).</summary>
    public string WebTouches { get; init; } = "off";
    /// <summary>Which identified sessions are web touches: <c>default</c> (first, UTM campaign, paid) or <c>all_sessions</c>.</summary>
    public string WebTouchRule { get; init; } = "default";
    /// <summary>The web step's channel rules, first match wins (<see cref="WebChannelRule.Defaults"/>).</summary>
    public IReadOnlyList<WebChannelRule> WebChannelRules { get; init; } = WebChannelRule.Defaults;

    /// <summary>
    /// Engagement points per signal (docs/abm.md), <c>signal=weight</c>: campaign_touch, web_session,
    /// page_view, new_lead, new_contact, opportunity_opened, or a campaign channel's name. A signal not
    /// named keeps its default (<see cref="DefaultEngagementWeights"/>).
    /// </summary>
    public IReadOnlyList<string> EngagementWeights { get; init; } = DefaultEngagementWeights;
    /// <summary>0 … 1: the share of a week's points that echoes into the next week's score.</summary>
    public double EngagementDecay { get; init; } = 0.5;
    /// <summary>1 … 12: the weeks a week's points count for in the score.</summary>
    public int EngagementWindowWeeks { get; init; } = 4;
    /// <summary>A spike is a score over the trailing 8-week mean plus this many standard deviations.</summary>
    public double SpikeK { get; init; } = 2;
    /// <summary>A smaller score is never a spike.</summary>
    public double SpikeMinScore { get; init; } = 5;

    public static readonly string[] DefaultEngagementWeights =
        ["campaign_touch=2", "web_session=1", "page_view=0.25", "new_lead=1", "new_contact=0", "opportunity_opened=0"];

    /// <summary>The weights in force: the defaults, each replaced by the tenant's own where it names one.</summary>
    public IReadOnlyDictionary<string, double> EngagementWeightTable()
    {
        var table = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in DefaultEngagementWeights.Concat(EngagementWeights))
            if (ParseWeight(entry) is { } w) table[w.Signal] = w.Weight;
        return table;
    }

    static (string Signal, double Weight)? ParseWeight(string entry)
    {
        var eq = entry.LastIndexOf('=');
        if (eq <= 0) return null;
        var signal = entry[..eq].Trim();
        return signal.Length is > 0 and <= 80
               && double.TryParse(entry[(eq + 1)..].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var w)
               && double.IsFinite(w) && w >= 0
            ? (signal, w) : null;
    }

    public bool WebTouchesOn => WebTouches == "on";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads and validates a configuration; <paramref name="source"/> names where it came from in errors.</summary>
    public static TenantConfig Parse(string json, string source)
    {
        TenantConfig? config;
        try { config = JsonSerializer.Deserialize<TenantConfig>(json, Json); }
        catch (JsonException e) { throw new BadInputException($"{source}: {Describe(e)}"); }
        if (config is null) throw new BadInputException($"{source}: empty configuration");
        // Values from a closed list are accepted in any case (high, HIGH, High) and stored as the list spells them.
        config = config with
        {
            InfluencePath = Canonical(InfluencePaths, config.InfluencePath),
            MinMatchConfidence = Canonical(Confidences, config.MinMatchConfidence),
            Engine = Canonical(AttributionEngines.Names, config.Engine),
            WebTouches = Canonical(OnOff, config.WebTouches),
            WebTouchRule = Canonical(WebTouchRules, config.WebTouchRule),
            WebChannelRules = config.WebChannelRules ?? [],
            Currency = config.Currency?.Trim().ToUpperInvariant() ?? "",
        };
        config.Validate(source);
        return config;
    }

    static string Canonical(IEnumerable<string> allowed, string value) =>
        allowed.FirstOrDefault(a => a.Equals(value?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? value;

    static string Describe(JsonException e)
    {
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal) && e.Path is { } rulePath && rulePath.Contains("web_channel_rules[", StringComparison.Ordinal))
            return $"unknown field '{rulePath.TrimStart('$', '.')}' (a rule has channel, name, when; a condition utm_medium, utm_source, referrer_host, any_utm_source, external_referrer)";
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal) && e.Path is { } path)
            return $"unknown key '{path.TrimStart('$', '.')}' (known: {string.Join(", ", KnownKeys())})";
        if (e.Path is not { Length: > 1 } p) return e.Message;
        var key = p.TrimStart('$', '.');
        if (key.StartsWith("web_channel_rules", StringComparison.Ordinal))
            return $"bad value at '{key}': {e.Message.Split(". Path")[0]} (rules are [{{\"channel\": \"paid_search\", \"name\": \"Paid search\", \"when\": [{{\"utm_medium\": [\"cpc\"]}}]}}, …])";
        // Say what the key takes, not which .NET type the value failed to convert to.
        return KeyTypes.TryGetValue(key, out var type)
            ? $"{key} must be {Expected(type)}"
            : $"bad value at '{key}': {e.Message.Split(". Path")[0]}";
    }

    static readonly Dictionary<string, Type> KeyTypes = typeof(TenantConfig).GetProperties()
        .Where(p => p.GetMethod is { IsStatic: false })
        .ToDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p => p.PropertyType);

    static string Expected(Type type) =>
        type == typeof(int) ? "an integer" : type == typeof(double) ? "a number" : type == typeof(string) ? "a string"
        : type == typeof(IReadOnlyList<WebChannelRule>) ? "a list of channel rules" : "a list of strings";

    public static IEnumerable<string> KnownKeys() => KeyTypes.Keys.Order();

    /// <summary>Applies <c>key=value</c> changes; list values are comma-separated or JSON arrays.</summary>
    public TenantConfig With(IEnumerable<string> assignments, string source)
    {
        var node = JsonNode.Parse(ToJson())!.AsObject();
        foreach (var assignment in assignments)
        {
            var eq = assignment.IndexOf('=');
            if (eq <= 0) throw new BadInputException($"{source}: '{assignment}' is not key=value");
            var key = assignment[..eq].Trim();
            var value = assignment[(eq + 1)..].Trim();
            if (!node.ContainsKey(key)) throw new BadInputException($"{source}: unknown key '{key}' (known: {string.Join(", ", KnownKeys())})");
            node[key] = node[key] switch
            {
                JsonArray when value.StartsWith('[') => JsonNode.Parse(value),
                JsonArray => new JsonArray(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                JsonValue when KeyTypes[key] == typeof(int) =>
                    int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var i) ? JsonValue.Create(i)
                        : throw new BadInputException($"{source}: {key} must be an integer, got '{value}'"),
                JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
                    double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d)
                        : throw new BadInputException($"{source}: {key} must be a number, got '{value}'"),
                _ => JsonValue.Create(value),
            };
        }
        return Parse(node.ToJsonString(), source);
    }

    void Validate(string source)
    {
        var errors = new List<string>();
        void Check(bool ok, string message) { if (!ok) errors.Add(message); }
        Check(FieldPattern().IsMatch(RevenueField), $"revenue_field '{RevenueField}' is not a Salesforce field name");
        Check(FieldPattern().IsMatch(CostField), $"cost_field '{CostField}' is not a Salesforce field name");
        Check(FieldPattern().IsMatch(ChannelField), $"channel_field '{ChannelField}' is not a Salesforce field name");
        Check(FieldPattern().IsMatch(AccountTierField), $"account_tier_field '{AccountTierField}' is not a Salesforce field name");
        Check(IsoCurrencies.Contains(Currency), $"currency '{Currency}' is not an ISO 4217 currency code (e.g. USD, EUR, GBP, JPY)");
        Check(FiscalYearStartMonth is >= 1 and <= 12, $"fiscal_year_start_month must be 1-12, got {FiscalYearStartMonth}");
        Check(TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _), $"time_zone '{TimeZone}' is not a known IANA time zone");
        Check(InfluencePaths.Contains(InfluencePath), $"influence_path '{InfluencePath}' must be one of {string.Join(", ", InfluencePaths)}");
        Check(LookbackDays is >= 0 and <= 3650, $"lookback_days must be 0-3650, got {LookbackDays}");
        Check(Models.Count > 0, "models must name at least one model");
        foreach (var m in Models.Where(m => !ModelPattern().IsMatch(m)))
            errors.Add($"model '{m}' is not a model name (lower-case letters, digits and _, at most 16)");
        Check(TimeDecayHalfLifeDays > 0 && TimeDecayHalfLifeDays <= 3650, $"time_decay_half_life_days must be > 0, got {TimeDecayHalfLifeDays}");
        // X = 0 would leave a two-touch path with 0/0 shares.
        Check(CustomX >= 1 && CustomY >= 0 && CustomX * 2 + CustomY == 100, $"custom_x + custom_y + custom_x must be 100, got {CustomX} + {CustomY} + {CustomX}");
        Check(Confidences.Contains(MinMatchConfidence), $"min_match_confidence '{MinMatchConfidence}' must be one of {string.Join(", ", Confidences)}");
        Check(AttributionEngines.Names.Contains(Engine), $"engine '{Engine}' must be {string.Join(" or ", AttributionEngines.Names)}");
        Check(OnOff.Contains(WebTouches), $"web_touches '{WebTouches}' must be off or on");
        Check(WebTouchRules.Contains(WebTouchRule), $"web_touch_rule '{WebTouchRule}' must be one of {string.Join(", ", WebTouchRules)}");
        errors.AddRange(WebChannelRule.Problems(WebChannelRules));
        foreach (var w in EngagementWeights.Where(w => ParseWeight(w) is null))
            errors.Add($"engagement_weights entry '{w}' is not signal=weight (a weight is a number >= 0; signals: campaign_touch, web_session, page_view, new_lead, new_contact, opportunity_opened or a campaign channel)");
        Check(EngagementDecay is >= 0 and <= 1, $"engagement_decay must be 0-1, got {EngagementDecay}");
        Check(EngagementWindowWeeks is >= 1 and <= 12, $"engagement_window_weeks must be 1-12, got {EngagementWindowWeeks}");
        Check(SpikeK is >= 0 and <= 10, $"spike_k must be 0-10, got {SpikeK}");
        Check(SpikeMinScore >= 0 && double.IsFinite(SpikeMinScore), $"spike_min_score must be >= 0, got {SpikeMinScore}");
        Check(ClosedWonStages.Count > 0 || ClosedLostStages.Count == 0, "closed_lost_stages needs closed_won_stages too (a stage mapping replaces IsClosed/IsWon)");
        Check(!ClosedWonStages.Intersect(ClosedLostStages).Any(), "a stage cannot be both closed won and closed lost");
        if (errors.Count > 0) throw new BadInputException($"{source}: {string.Join("; ", errors)}");
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,79}$")]
    private static partial Regex FieldPattern();

    /// <summary>
    /// The active ISO 4217 currency codes (2025). Written out: the app runs with invariant
    /// globalization, where .NET knows no region and so no currency.
    /// </summary>
    static readonly HashSet<string> IsoCurrencies = new(StringComparer.Ordinal)
    {
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN",
        "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF",
        "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB",
        "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG",
        "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF",
        "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA",
        "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO",
        "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
        "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN",
        "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX",
        "USD", "UYU", "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW",
        "ZWG"
    };

    /// <summary>The shape of an at_models.model value; whether it exists is checked against the tenant database.</summary>
    [GeneratedRegex("^[a-z][a-z0-9_]{0,15}$")]
    private static partial Regex ModelPattern();
}
