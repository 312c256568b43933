import io

from pipeline.progress import article_progress, progress_enabled


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bar_on_a_terminal_shows_articles_per_second():
    stream = Terminal()
    with article_progress(20, "extract", stream=stream, environ={}) as bar:
        bar.update(20)
    assert "20/20" in stream.getvalue() and "articles/s" in stream.getvalue()


def test_quiet_in_ci_even_on_a_terminal():
    stream = Terminal()
    assert not progress_enabled(stream, {"CI": "true"})
    with article_progress(20, "extract", stream=stream, environ={"CI": "true"}) as bar:
        bar.update(20)
    assert stream.getvalue() == ""


def test_quiet_when_not_a_terminal():
    stream = io.StringIO()
    with article_progress(20, "extract", stream=stream, environ={}) as bar:
        bar.update(20)
    assert stream.getvalue() == ""


def test_ci_set_to_false_keeps_the_bar():
    assert progress_enabled(Terminal(), {"CI": "false"})
