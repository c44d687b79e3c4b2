using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FusionMonitor.Web.Api;

/// <summary>
/// Errors as RFC 9457 Problem Details, the same shape everywhere: 400 with the fields at fault, 404, 409. Typed, so a
/// handler's <c>Results&lt;…&gt;</c> union names each answer and the OpenAPI document describes it.
/// </summary>
internal static class ApiProblems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.");

    public static NotFoundProblem NotFound(string what) => new($"{what} was not found.");

    public static ConflictProblem Conflict(string message) => new(message);

    /// <summary>Collects field errors, then answers all at once.</summary>
    public sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _errors = [];

        public bool Any => _errors.Count > 0;

        /// <summary>Every problem as "field: message", for a form that shows them as sentences.</summary>
        public IEnumerable<string> Messages => _errors.SelectMany(kv => kv.Value.Select(m => $"{kv.Key}: {m}"));

        /// <summary>Every problem's sentence alone, for a form whose fields are labelled.</summary>
        public IEnumerable<string> Sentences => _errors.SelectMany(kv => kv.Value);

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
            list.Add(message);
        }

        public void RequireText(string field, string? value, int max)
        {
            if (string.IsNullOrWhiteSpace(value)) Add(field, $"{field} is required.");
            else if (value.Length > max) Add(field, $"{field} must be at most {max} characters.");
        }

        public void CheckList(string field, IReadOnlyList<string>? values, int maxItems = 100, int maxLength = 200)
        {
            if (values is null) return;
            if (values.Count > maxItems) Add(field, $"{field} may hold at most {maxItems} items.");
            if (values.Any(v => v is null || v.Length > maxLength)) Add(field, $"each of {field} must be a string of at most {maxLength} characters.");
        }

        public ValidationProblem ToResult() => Invalid(_errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()));
    }
}
