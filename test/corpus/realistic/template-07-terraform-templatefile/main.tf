resource "local_file" "nginx_conf" {
  filename = "${path.module}/rendered/nginx.conf"
  content = templatefile("${path.module}/files/nginx-lb.conf", {
    server_ips = aws_instance.server[*].private_ip
  })
}
