"""gunicorn's settings for earlyhelp: gunicorn earlyhelp.wsgi -c python:earlyhelp.gunicorn_conf

The access log names the path a request asked for, never its query string or referrer:
a search for a family by surname travels in the query string, and the next request's
referrer repeats it. (gunicorn's default format logs both.)
"""

accesslog = "-"
# Client address, time, method, path without the query, protocol, status, bytes, ms.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
