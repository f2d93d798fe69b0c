"""The web page (server-rendered HTML, a little JavaScript) served by ``linimasa serve``,
and the views ``report.html`` shares with it."""
