using DumpLock.Model;

namespace DumpLock.Reporting;

/// <summary>
/// A thread's stack as jstack prints it: "at" a frame, "in" its file:line, then the locks the frame
/// took or waits for. The text report prints these lines as they are; the Markdown report puts them
/// in a code block, so both show one stack the same way.
/// </summary>
internal static class StackLines
{
    public static IEnumerable<string> Of(ThreadInfo thread)
    {
        foreach (Frame frame in thread.Frames)
        {
            yield return $"    at {frame.Method}";
            if (frame.File is not null)
            {
                yield return $"       in {frame.File}{(frame.Line is int line ? $":{line}" : "")}";
            }
            foreach (FrameAnnotation annotation in frame.Annotations)
            {
                yield return $"    {WaitPhrases.Annotation(annotation)}";
            }
        }
    }
}
