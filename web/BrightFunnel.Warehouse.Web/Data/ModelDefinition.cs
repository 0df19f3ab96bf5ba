namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>A model as a version ran it: its kind and the parameters the kind takes (docs/attribution.md, "Models").</summary>
public sealed record ModelDefinition
{
    /// <summary>The columns of at_model_weights (tenant) and web_models (published) as this record's properties.</summary>
    public const string Columns = """
        model AS Model, kind AS Kind, first_weight AS FirstWeight, middle_weight AS MiddleWeight, last_weight AS LastWeight,
        pipeline_milestone_weight AS PipelineMilestoneWeight, revenue_milestone_weight AS RevenueMilestoneWeight,
        closed_won_milestone AS ClosedWonMilestone, half_life_days AS HalfLifeDays
        """;

    public string Model { get; init; } = "";
    public string Kind { get; init; } = "";
    public double? FirstWeight { get; init; }
    public double? MiddleWeight { get; init; }
    public double? LastWeight { get; init; }
    public double? PipelineMilestoneWeight { get; init; }
    public double? RevenueMilestoneWeight { get; init; }
    public int? ClosedWonMilestone { get; init; }
    public double? HalfLifeDays { get; init; }
}
